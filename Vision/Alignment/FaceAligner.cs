using SkiaSharp;
using Vision.Imaging;

namespace Vision.Alignment;

/// <summary>Warps a face onto the 5-point ArcFace template of a 112x112 image, the input every facen model expects.</summary>
public static class FaceAligner
{
    public const int Size = 112;

    /// <summary>Left eye, right eye, nose tip, left and right mouth corners in the 112x112 template.</summary>
    private static readonly float[] Template =
    [
        38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f, 41.5493f, 92.3655f, 70.7299f, 92.2041f,
    ];

    /// <summary>The five template points scaled to a square image of the given side (a prenormalized face's landmarks).</summary>
    public static float[] TemplateFor(int width, int height) =>
        [.. Template.Select((v, i) => v * (i % 2 == 0 ? width : height) / Size)];

    /// <param name="options">The template's scale and the sampling (<see cref="AlignmentOptions"/>); the defaults when null.</param>
    public static SKBitmap Align(DecodedImage image, float[] landmarks, AlignmentOptions? options = null)
    {
        options ??= Defaults;
        var template = options.Scale == 1 ? Template : [.. Template.Select(v => Size / 2f + (v - Size / 2f) * options.Scale)];
        var sampling = options.Sampling switch
        {
            AlignmentSampling.LinearMipmap => new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear),
            AlignmentSampling.Full => new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None),
            AlignmentSampling.Cubic => new SKSamplingOptions(SKCubicResampler.Mitchell),
            _ => ImageWarp.Sampling,
        };
        return ImageWarp.Affine(image.Image, SimilarityTo(landmarks, template), Size, Size, sampling: sampling);
    }

    private static readonly AlignmentOptions Defaults = new();

    /// <summary>Least-squares similarity (rotation, uniform scale, translation) taking points <paramref name="from"/>
    /// onto <paramref name="to"/>: Umeyama's estimate without reflection, in closed form for 2-D.</summary>
    public static SKMatrix SimilarityTo(float[] from, float[] to)
    {
        var n = from.Length / 2;
        float fx = 0, fy = 0, tx = 0, ty = 0;
        for (var i = 0; i < n; i++)
        {
            fx += from[2 * i]; fy += from[2 * i + 1];
            tx += to[2 * i]; ty += to[2 * i + 1];
        }
        (fx, fy, tx, ty) = (fx / n, fy / n, tx / n, ty / n);

        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            var (sx, sy) = (from[2 * i] - fx, from[2 * i + 1] - fy);
            var (dx, dy) = (to[2 * i] - tx, to[2 * i + 1] - ty);
            dot += sx * dx + sy * dy;
            cross += sx * dy - sy * dx;
            norm += sx * sx + sy * sy;
        }
        if (norm == 0)
            throw new ArgumentException("The landmarks are all at one point.", nameof(from));
        var (a, b) = ((float)(dot / norm), (float)(cross / norm));
        return new SKMatrix(a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy), 0, 0, 1);
    }
}
