using System.Runtime.InteropServices;
using SkiaSharp;
using Vision.Imaging;
using Workers.Video.Capture;

namespace Workers.Video.Analysis;

/// <summary>A frame that went to the face detector, kept as long as a track may still post it (its best snapshot so
/// far, or a snapshot waiting to be posted): each holder releases its own reference. The detector reads the capture's
/// buffer in place; the frame copies it only when a track first keeps it, as the buffer goes back to the capture once
/// the frame is analysed: frames no track keeps are never copied.</summary>
public sealed class SharedFrame
{
    private int _holders = 1;
    private byte[]? _borrowed;
    private GCHandle _pinned;

    private SharedFrame(byte[] pixels, int width, int height, DateTimeOffset time)
    {
        _borrowed = pixels;
        _pinned = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        var bitmap = new SKBitmap();
        var info = Info(width, height);
        bitmap.InstallPixels(info, _pinned.AddrOfPinnedObject(), info.RowBytes);
        Image = new DecodedImage(bitmap, orientation: 1);
        Time = time;
    }

    public DecodedImage Image { get; private set; }
    public DateTimeOffset Time { get; }

    /// <summary>The frame over the capture's buffer: release it before the frame goes back to the capture.</summary>
    public static SharedFrame From(VideoFrame frame) => new(frame.Pixels, frame.Width, frame.Height, frame.Time);

    /// <summary>Another holder; called on the analysis loop, while the capture's buffer is still lent to it.</summary>
    public SharedFrame Retain()
    {
        if (_borrowed is { } pixels)
        {
            var bitmap = new SKBitmap(Info(Image.Width, Image.Height));
            pixels.AsSpan(0, Image.Width * Image.Height * 4).CopyTo(bitmap.GetPixelSpan());
            ReleaseImage();
            Image = new DecodedImage(bitmap, orientation: 1);
        }
        Interlocked.Increment(ref _holders);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
            ReleaseImage();
    }

    private void ReleaseImage()
    {
        Image.Dispose();
        if (_borrowed is null)
            return;
        _pinned.Free();
        _borrowed = null;
    }

    private static SKImageInfo Info(int width, int height) => new(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
}
