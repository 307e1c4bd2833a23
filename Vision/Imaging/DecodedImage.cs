using SkiaSharp;

namespace Vision.Imaging;

/// <summary>An upright RGBA image and the EXIF orientation (1-8) it was stored with.</summary>
public sealed class DecodedImage : IDisposable
{
    private readonly SKBitmap _bitmap;

    public DecodedImage(SKBitmap bitmap, int orientation)
    {
        // Immutable pixels let SKImage share them instead of copying for every crop.
        bitmap.SetImmutable();
        _bitmap = bitmap;
        Image = SKImage.FromBitmap(bitmap);
        Orientation = orientation;
    }

    public SKImage Image { get; }
    public int Orientation { get; }
    public int Width => _bitmap.Width;
    public int Height => _bitmap.Height;

    /// <summary>What its pixels take in memory.</summary>
    public long Bytes => _bitmap.ByteCount;

    public void Dispose()
    {
        Image.Dispose();
        _bitmap.Dispose();
    }
}
