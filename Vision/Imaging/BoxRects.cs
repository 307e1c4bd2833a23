using Contracts.Images;
using SkiaSharp;

namespace Vision.Imaging;

/// <summary>Message boxes (whole pixels) as Skia rectangles, for the image code.</summary>
public static class BoxRects
{
    public static SKRect ToRect(this Box box) => new(box.Left, box.Top, box.Right, box.Bottom);
}
