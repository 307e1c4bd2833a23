using System.Diagnostics.Metrics;

namespace Hosting.Observability;

/// <summary>The pipeline's own instruments, on one meter every process exports (names follow OpenTelemetry's conventions;
/// Prometheus shows <c>facepipe_stage_duration_milliseconds</c> and the like).</summary>
public static class PipelineMetrics
{
    public const string MeterName = "Facepipe";

    /// <summary>The activity sources and meters of the libraries a process hosts (the face engine's <c>Facepipe.Vision</c>, ...),
    /// which know nothing of hosting: every process exports them.</summary>
    public const string LibraryPattern = "Facepipe.*";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>A photo saga's stages as the gateway sees them, from request to answer (tag <c>stage</c>).</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "facepipe.stage.duration", "ms", "Time from a photo saga's stage request to its answer.");

    public static readonly Counter<long> FacesEnrolled = Meter.CreateCounter<long>(
        "facepipe.faces.enrolled", "{face}", "Faces stored by enrollments (POST /face, captured faces).");
}
