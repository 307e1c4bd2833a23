using System.Globalization;

namespace Workers.Video.Capture;

/// <summary>A camera address as fkvideo_detector takes it: <c>rtsp://...</c> (any URL ffmpeg opens), <c>/dev/videoN</c>
/// (V4L2), <c>file@FPS:PATH</c> (a file sampled at FPS frames per second of its own time), or a plain file path.</summary>
/// <param name="IsLive">Live sources are reconnected when they end and may drop frames; files end once read and never drop.</param>
public sealed record VideoSource(string Input, bool IsLive, double? Fps, string? Format)
{
    public static VideoSource Parse(string source)
    {
        if (source.StartsWith("file@", StringComparison.Ordinal))
        {
            var parts = source["file@".Length..].Split(':', 2);
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var fps) || fps <= 0)
                throw new FormatException($"'{source}' is not file@FPS:PATH (e.g. file@25:/video/entrance.mp4).");
            return new VideoSource(parts[1], IsLive: false, fps, null);
        }
        if (source.StartsWith("/dev/video", StringComparison.Ordinal))
            return new VideoSource(source, IsLive: true, null, "v4l2");
        if (source.Contains("://", StringComparison.Ordinal))
            return new VideoSource(source, IsLive: true, null, null);
        return new VideoSource(source, IsLive: false, null, null);
    }
}
