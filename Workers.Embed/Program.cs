using ClaimCheck;
using Hosting;
using Vision;

namespace Workers.Embed;

/// <summary>The embed stage as a cluster process: run any number of replicas, they compete on the extract-facens queue.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => WorkerHost.RunAsync(args, PipelineProcess.EmbedWorker,
        "Workers.Embed: the embed stage of a cluster (Deployment=Cluster): facens, gender, age and emotions; replicas compete on the ExtractFacens queue.",
        $"{ClaimCheckRegistration.Settings}\n{VisionRegistration.Settings}",
        (services, deployment, configuration) => services.AddVision(configuration).AddClaimCheck(deployment, configuration),
        stages => stages.AddEmbedConsumers());
}
