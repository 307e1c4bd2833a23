using Vision;

namespace Workers.Detect;

/// <summary>The detect stage as a cluster process: run any number of replicas, they compete on the detect-faces queue.</summary>
internal static class Program
{
    private static Task Main(string[] args) => VisionWorker.RunAsync(args, stages => stages.AddDetectConsumers());
}
