using Hosting;
using Microsoft.Extensions.DependencyInjection;
using Workers.Index.Cluster;

namespace Workers.Index;

/// <summary>The index stage as a cluster process: with Index:Shards (Redis) any number of replicas share the shards; without,
/// exactly one runs (a second refuses to start), as each replica would hold its own exact index and see only part of the writes.</summary>
internal static class Program
{
    private const string Description =
        "Workers.Index: the index stage of a cluster (Deployment=Cluster): indexes, searches and removes facens.\n" +
        "With Index:Shards, any number of replicas share Redis 8 shards; without, one replica holds the exact in-process index.";

    private const string Settings =
        "  Index:Shards:<n>:Endpoint, Cells, Password, Ssl   Redis 8 shards (Workers.Index/README.md)\n" +
        "  Index:ExactDir   where the exact index keeps its float32 facens (default: the temporary folder)";

    private static Task<int> Main(string[] args) => WorkerHost.RunAsync(args, PipelineProcess.IndexWorker, Description, Settings,
        (services, deployment, configuration) =>
        {
            services.AddFaceIndex(deployment, configuration);
            // Before the bus, so that a second exact replica never takes a message.
            if (deployment.Index == FaceIndexKind.Exact)
                services.AddHostedService<SingleExactReplica>();
        },
        stages => stages.AddIndexConsumers());
}
