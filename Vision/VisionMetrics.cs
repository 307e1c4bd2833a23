using System.Diagnostics.Metrics;

namespace Vision;

/// <summary>The face engine's instruments, on a meter of its own that the processes hosting it export (Prometheus shows
/// <c>facepipe_model_duration_milliseconds</c> and <c>facepipe_model_batch_size</c>, tag <c>model</c>).</summary>
public static class VisionMetrics
{
    public const string MeterName = "Facepipe.Vision";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>One ONNX run of a batch.</summary>
    public static readonly Histogram<double> ModelDuration = Meter.CreateHistogram<double>(
        "facepipe.model.duration", "ms", "Time of one model run (one batch).");

    public static readonly Histogram<int> ModelBatchSize = Meter.CreateHistogram<int>(
        "facepipe.model.batch_size", "{input}", "Inputs per model run.");
}
