using Contracts.Images;
using SkiaSharp;

namespace Vision.Imaging;

/// <summary>An image turned clockwise by a multiple of 90 degrees, and the way back to the original's coordinates.</summary>
public sealed class QuarterTurn : IDisposable
{
    /// <summary>The turns auto-rotation tries after the upright image, in degrees clockwise.</summary>
    public static readonly IReadOnlyList<int> Retries = [90, 180, 270];

    private readonly int _degrees;
    private readonly int _originalWidth;
    private readonly int _originalHeight;

    public QuarterTurn(DecodedImage original, int degrees)
    {
        _degrees = degrees;
        (_originalWidth, _originalHeight) = (original.Width, original.Height);
        var (width, height) = degrees == 180 ? (original.Width, original.Height) : (original.Height, original.Width);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Translate(width / 2f, height / 2f);
            canvas.RotateDegrees(degrees);
            // A quarter turn maps pixels onto pixels: nothing to interpolate.
            canvas.DrawImage(original.Image, -original.Width / 2f, -original.Height / 2f, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        Image = new DecodedImage(bitmap, original.Orientation);
    }

    /// <summary>The turned image.</summary>
    public DecodedImage Image { get; }

    /// <summary>A region of the original as a region of the turned image.</summary>
    public SKRectI ToTurned(SKRectI region)
    {
        var (x0, y0) = ToTurned(region.Left, region.Top);
        var (x1, y1) = ToTurned(region.Right, region.Bottom);
        return new SKRectI((int)Math.Min(x0, x1), (int)Math.Min(y0, y1), (int)Math.Max(x0, x1), (int)Math.Max(y0, y1));
    }

    /// <summary>A box of the turned image as a box of the original.</summary>
    public Box ToOriginal(Box box)
    {
        var (x0, y0) = ToOriginal(box.Left, box.Top);
        var (x1, y1) = ToOriginal(box.Right, box.Bottom);
        return new Box((int)Math.Min(x0, x1), (int)Math.Min(y0, y1), (int)Math.Max(x0, x1), (int)Math.Max(y0, y1));
    }

    /// <summary>Points (x0, y0, x1, y1 ...) of the turned image as points of the original, each keeping its meaning.</summary>
    public float[] ToOriginal(float[] points)
    {
        var result = new float[points.Length];
        for (var i = 0; i < points.Length; i += 2)
            (result[i], result[i + 1]) = ToOriginal(points[i], points[i + 1]);
        return result;
    }

    private (float X, float Y) ToTurned(float x, float y) => _degrees switch
    {
        90 => (_originalHeight - y, x),
        180 => (_originalWidth - x, _originalHeight - y),
        _ => (y, _originalWidth - x),
    };

    private (float X, float Y) ToOriginal(float x, float y) => _degrees switch
    {
        90 => (y, _originalHeight - x),
        180 => (_originalWidth - x, _originalHeight - y),
        _ => (_originalWidth - y, x),
    };

    public void Dispose() => Image.Dispose();
}
