using System.Diagnostics.Metrics;
using Hosting.Observability;

namespace Workers.Video.Cameras;

/// <summary>Each running stream's counts as metrics (tag <c>camera</c>): frames read, dropped and analysed, faces posted and
/// failed posts; Prometheus's <c>rate()</c> of them is the stream's fps and drop rate.</summary>
public sealed class StreamMetrics
{
    public StreamMetrics(IMeterFactory meters, CameraSupervisor supervisor)
    {
        var meter = meters.Create(PipelineMetrics.MeterName);
        Observe(meter, supervisor, "facepipe.video.frames_read", "{frame}", stats => stats.FramesRead);
        Observe(meter, supervisor, "facepipe.video.frames_dropped", "{frame}", stats => stats.FramesDropped);
        Observe(meter, supervisor, "facepipe.video.frames_analysed", "{frame}", stats => stats.FramesAnalysed);
        Observe(meter, supervisor, "facepipe.video.faces_posted", "{face}", stats => stats.FacesPosted);
        Observe(meter, supervisor, "facepipe.video.posts_failed", "{face}", stats => stats.PostsFailed);
    }

    private static void Observe(Meter meter, CameraSupervisor supervisor, string name, string unit, Func<StreamStats, long> count) =>
        meter.CreateObservableCounter(name, () => supervisor.Streams.Select(stream =>
            new Measurement<long>(count(stream.Value.Stats), new KeyValuePair<string, object?>("camera", stream.Key))), unit);
}
