using Hosting;
using Vision;

namespace Workers.Detect;

/// <summary>The detect stage as a cluster process: run any number of replicas, they compete on the detect-faces queue.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => VisionWorker.RunAsync(args, PipelineProcess.DetectWorker,
        "Workers.Detect: the detect stage of a cluster (Deployment=Cluster); replicas compete on the DetectFaces queue.",
        stages => stages.AddDetectConsumers());
}
