namespace Cluster.Tests.Support;

/// <summary>Specs that run a whole cluster of processes run one after the other: two clusters at once on a 2-core machine
/// would only slow each other into their timeouts.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster processes";
}
