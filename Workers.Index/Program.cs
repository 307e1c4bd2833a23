using Hosting;
using Hosting.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Workers.Index.Cluster;

namespace Workers.Index;

/// <summary>The index stage as a cluster process: with Index:Shards (Redis) any number of replicas share the shards; without,
/// exactly one runs (a second refuses to start), as each replica would hold its own exact index and see only part of the writes.</summary>
internal static class Program
{
    private const string Description =
        "Workers.Index: the index stage of a cluster (Deployment=Cluster): indexes, searches and removes facens.\n" +
        "With Index:Shards, any number of replicas share Redis 8 shards; without, one replica holds the exact in-process index.\n" +
        "Settings (--Key=Value, or environment Key__Sub=Value):\n" + ProgramStart.CommonSettings + "\n" +
        "  Index:Shards:<n>:Endpoint, Cells, Password, Ssl   Redis 8 shards (Workers.Index/README.md)\n" +
        "  Index:ExactDir   where the exact index keeps its float32 facens (default: the temporary folder)\n" +
        "  urls   where /health/live, /health/ready and /metrics are served (default: a free loopback port)";

    private static Task<int> Main(string[] args)
    {
        if (ProgramStart.Help(args, Description) is { } helped)
            return Task.FromResult(helped);
        return ProgramStart.RunAsync(() =>
        {
            var builder = WebApplication.CreateBuilder(args);
            var deployment = Deployment.Read(builder.Configuration, PipelineProcess.IndexWorker);
            builder.UseWorkerUrls().AddServiceDefaults();
            builder.Services.AddFaceIndex(deployment, builder.Configuration);
            // Before the bus, so that a second exact replica never takes a message.
            if (deployment.Index == FaceIndexKind.Exact)
                builder.Services.AddHostedService<SingleExactReplica>();
            builder.Services.AddPipelineBus(deployment, stages => stages.AddIndexConsumers());
            var app = builder.Build();
            app.MapServiceEndpoints();
            return app;
        });
    }
}
