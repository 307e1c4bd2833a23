using System.Diagnostics.Metrics;

namespace Hosting.Observability;

/// <summary>The pipeline's own instruments, on one meter every process exports (names follow OpenTelemetry's conventions;
/// Prometheus shows <c>facepipe_stage_duration_milliseconds</c> and the like).</summary>
public static class PipelineMetrics
{
    public const string MeterName = "Facepipe";

    /// <summary>The face engine's and the pipeline's activity sources (<c>Facepipe.Vision</c>, ...).</summary>
    public const string ActivitySourcePattern = "Facepipe.*";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>A photo saga's stages as the gateway sees them, from request to answer (tag <c>stage</c>).</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "facepipe.stage.duration", "ms", "Time from a photo saga's stage request to its answer.");

    public static readonly Counter<long> FacesEnrolled = Meter.CreateCounter<long>(
        "facepipe.faces.enrolled", "{face}", "Faces stored by enrollments (POST /face, captured faces).");

    /// <summary>One ONNX run of a batch (tag <c>model</c>).</summary>
    public static readonly Histogram<double> ModelDuration = Meter.CreateHistogram<double>(
        "facepipe.model.duration", "ms", "Time of one model run (one batch).");

    public static readonly Histogram<int> ModelBatchSize = Meter.CreateHistogram<int>(
        "facepipe.model.batch_size", "{input}", "Inputs per model run.");
}
