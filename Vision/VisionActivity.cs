using System.Diagnostics;

namespace Vision;

/// <summary>Spans of the face engine's steps (decode, each model run, detect, describe) for tracing tools and the
/// benchmarks' breakdown; free when nothing listens.</summary>
public static class VisionActivity
{
    public const string SourceName = "Facepipe.Vision";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(string name) => Source.StartActivity(name);
}
