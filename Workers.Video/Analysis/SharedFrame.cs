using SkiaSharp;
using Vision.Imaging;
using Workers.Video.Capture;

namespace Workers.Video.Analysis;

/// <summary>A frame that went to the face detector, kept as long as a track may still post it (its best snapshot so
/// far, or a snapshot waiting to be posted): each holder releases its own reference.</summary>
public sealed class SharedFrame
{
    private int _holders = 1;

    private SharedFrame(DecodedImage image, DateTimeOffset time)
    {
        Image = image;
        Time = time;
    }

    public DecodedImage Image { get; }
    public DateTimeOffset Time { get; }

    /// <summary>Copies the frame out of the capture's buffer, which goes back to the capture for the next frame.</summary>
    public static SharedFrame From(VideoFrame frame)
    {
        var bitmap = new SKBitmap(new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        frame.Pixels.AsSpan(0, frame.Width * frame.Height * 4).CopyTo(bitmap.GetPixelSpan());
        return new SharedFrame(new DecodedImage(bitmap, orientation: 1), frame.Time);
    }

    public SharedFrame Retain()
    {
        Interlocked.Increment(ref _holders);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
            Image.Dispose();
    }
}
