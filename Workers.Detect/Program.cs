using ClaimCheck;
using Hosting;
using Vision;

namespace Workers.Detect;

/// <summary>The detect stage as a cluster process: run any number of replicas, they compete on the detect-faces queue.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => WorkerHost.RunAsync(args, PipelineProcess.DetectWorker,
        "Workers.Detect: the detect stage of a cluster (Deployment=Cluster); replicas compete on the DetectFaces queue.",
        $"{ClaimCheckRegistration.Settings}\n{VisionRegistration.Settings}",
        (services, deployment, configuration) => services.AddVision(configuration).AddClaimCheck(deployment, configuration),
        stages => stages.AddDetectConsumers());
}
