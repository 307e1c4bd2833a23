using Vision;

namespace Workers.Embed;

/// <summary>The embed stage as a cluster process: run any number of replicas, they compete on the extract-facens queue.</summary>
internal static class Program
{
    private static Task Main(string[] args) => VisionWorker.RunAsync(args, stages => stages.AddEmbedConsumers());
}
