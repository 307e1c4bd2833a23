using Cluster.Tests.Support;
using TestSupport.Cluster;

namespace Cluster.Tests;

/// <summary>Issue 15: the exact in-process index runs in one index worker of a cluster; a second one would hold another part of
/// the faces, so it refuses to start, in one line, with exit code 2.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IndexReplicas_Specs
{
    [RabbitMqFact]
    public async Task Should_refuse_a_second_index_worker_with_the_exact_index()
    {
        await using var cluster = await LocalCluster.StartAsync(gateways: 0, detect: 0, embed: 0, index: 1, shards: []);
        var second = cluster.Join("index-second", "Workers.Index");

        var exitCode = await second.RunToEndAsync(TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 2, second.Tail());
        var line = Assert.Single(second.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries), text => text.StartsWith("Workers.Index: ", StringComparison.Ordinal));
        Assert.Contains("another index worker already consumes IndexFacens", line);
        Assert.DoesNotContain("   at ", second.Log);
        // The first one still serves.
        Assert.Contains("Bus health: Healthy", cluster.Index[0].Log);
    }
}
