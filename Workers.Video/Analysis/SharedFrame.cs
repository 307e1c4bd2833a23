using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;
using Vision.Imaging;
using Workers.Video.Capture;

namespace Workers.Video.Analysis;

/// <summary>A frame that went to the face detector, as RGBA in a pooled buffer of its own (the capture's buffer goes back to
/// it once the frame is analysed), kept as long as a track may still post it (its best snapshot so far, or a snapshot
/// waiting to be posted): each holder releases its own reference, and the last gives the buffer back to the pool.</summary>
public sealed class SharedFrame
{
    private readonly byte[] _rgba;
    private GCHandle _pinned;
    private int _holders = 1;

    private SharedFrame(VideoFrame frame)
    {
        var info = new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        _rgba = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        frame.ToRgba(_rgba);
        _pinned = GCHandle.Alloc(_rgba, GCHandleType.Pinned);
        var bitmap = new SKBitmap();
        bitmap.InstallPixels(info, _pinned.AddrOfPinnedObject(), info.RowBytes);
        Image = new DecodedImage(bitmap, orientation: 1);
        Time = frame.Time;
    }

    public DecodedImage Image { get; }
    public DateTimeOffset Time { get; }

    public static SharedFrame From(VideoFrame frame) => new(frame);

    /// <summary>Another holder.</summary>
    public SharedFrame Retain()
    {
        Interlocked.Increment(ref _holders);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) != 0)
            return;
        Image.Dispose();
        _pinned.Free();
        ArrayPool<byte>.Shared.Return(_rgba);
    }
}
