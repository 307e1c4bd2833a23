using Contracts.Images;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;

namespace Vision.Detection;

/// <summary>How sharp a face is: the variance of the Laplacian of the face box's luma over the luma's own variance, so that
/// lighting and contrast cancel out. Measured at no more than the facen's input size, the detail recognition can use;
/// a face smaller than that is measured as it is, its lack of pixels being <see cref="FaceQuality"/>'s size term.</summary>
public static class FaceSharpness
{
    // Rec. 601 luma weights.
    private const float RedLuma = 0.299f;
    private const float GreenLuma = 0.587f;
    private const float BlueLuma = 0.114f;

    // The Laplacian needs a pixel on each side.
    private const int MinSide = 3;

    public static float Of(DecodedImage image, Box box)
    {
        var source = SKRectI.Intersect(new SKRectI(0, 0, image.Width, image.Height), new SKRectI(box.Left, box.Top, box.Right, box.Bottom));
        if (source.Width < MinSide || source.Height < MinSide)
            return 0;
        var scale = Math.Min(1f, (float)FaceAligner.Size / Math.Max(source.Width, source.Height));
        var (width, height) = (Math.Max(MinSide, (int)(source.Width * scale)), Math.Max(MinSide, (int)(source.Height * scale)));

        using var crop = image.Image.Subset(source);
        using var pixels = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(pixels))
            // Mipmaps average before shrinking: plain sampling would alias and invent detail.
            canvas.DrawImage(crop, SKRect.Create(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));

        var bytes = pixels.GetPixelSpan();
        var luma = new float[width * height];
        for (var i = 0; i < luma.Length; i++)
            luma[i] = RedLuma * bytes[4 * i] + GreenLuma * bytes[4 * i + 1] + BlueLuma * bytes[4 * i + 2];

        var laplacians = new List<float>((width - 2) * (height - 2));
        for (var y = 1; y < height - 1; y++)
        for (var x = 1; x < width - 1; x++)
        {
            var at = y * width + x;
            laplacians.Add(4 * luma[at] - luma[at - 1] - luma[at + 1] - luma[at - width] - luma[at + width]);
        }
        var contrast = Variance(luma);
        return contrast < 1e-6 ? 0 : (float)(Variance(laplacians) / contrast);
    }

    private static double Variance(IReadOnlyCollection<float> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Count;
    }
}
