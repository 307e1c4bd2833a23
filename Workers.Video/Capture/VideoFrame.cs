namespace Workers.Video.Capture;

/// <summary>One decoded frame as RGBA rows, in a buffer lent by the capture: give it back with <see cref="Dispose"/>.</summary>
public sealed class VideoFrame(byte[] pixels, int width, int height, long index, DateTimeOffset time, Action<byte[]> giveBack) : IDisposable
{
    public byte[] Pixels => pixels;
    public int Width => width;
    public int Height => height;
    public long Index => index;

    /// <summary>When the frame was shown: the wall clock for live sources, the file's start plus the frame's position for files.</summary>
    public DateTimeOffset Time => time;

    public void Dispose() => giveBack(pixels);
}
