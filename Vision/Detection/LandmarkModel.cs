using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Detection;

/// <summary>68-point landmarks (iBUG 300-W order) on the face box, reduced to the five points alignment uses.</summary>
public sealed class LandmarkModel(OnnxModel model, AlignmentOptions options)
{
    /// <summary>The side of the square the second run of <see cref="AlignmentOptions.RefineBox"/> takes, in units of the
    /// landmarks' larger extent: PFLD's training crops (the points' bounding box, squared and widened 1.2 times).</summary>
    private const float RefinedBoxScale = 1.2f;

    public async Task<float[]> FivePointsAsync(DecodedImage image, SKRect box)
    {
        var points = await PointsAsync(image, box);
        if (options.RefineBox)
            points = await PointsAsync(image, AroundPoints(points));
        return ToFivePoints(points, _reduction);
    }

    /// <summary>The 68 points as x0, y0 ... x67, y67 in image pixels.</summary>
    private async Task<float[]> PointsAsync(DecodedImage image, SKRect box)
    {
        var input = model.Spec.Input;
        using var crop = ImageWarp.Crop(image.Image, box, input.Width, input.Height);
        var points = (await model.RunAsync(crop))[0];
        for (var i = 0; i < points.Length; i += 2)
            (points[i], points[i + 1]) = (box.Left + points[i] * box.Width, box.Top + points[i + 1] * box.Height);
        return points;
    }

    /// <summary>The square around the points' bounding box, <see cref="RefinedBoxScale"/> times its larger side.</summary>
    public static SKRect AroundPoints(float[] points)
    {
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue;
        for (var i = 0; i < points.Length; i += 2)
            (left, top, right, bottom) = (Math.Min(left, points[i]), Math.Min(top, points[i + 1]), Math.Max(right, points[i]), Math.Max(bottom, points[i + 1]));
        var side = Math.Max(right - left, bottom - top) * RefinedBoxScale;
        return SKRect.Create((left + right - side) / 2, (top + bottom - side) / 2, side, side);
    }

    /// <summary>The landmarks averaged into each of the five points but the nose tip (30): the eyes, then the mouth corners.</summary>
    private sealed record Reduction(int[] LeftEye, int[] RightEye, int[] LeftMouth, int[] RightMouth);

    // Fixed by the settings, so chosen once rather than for every face.
    private readonly Reduction _reduction = ReductionOf(options.Eyes, options.Mouth);

    private static Reduction ReductionOf(EyePoints eyes, MouthPoints mouth)
    {
        var (left, right) = eyes switch
        {
            EyePoints.Corners => (new[] { 36, 39 }, new[] { 42, 45 }),
            EyePoints.Contour => ([36, 37, 38, 39, 40, 41], [42, 43, 44, 45, 46, 47]),
            _ => ([37, 38, 40, 41], [43, 44, 46, 47]),
        };
        var (leftMouth, rightMouth) = mouth == MouthPoints.Outer ? (new[] { 48 }, new[] { 54 }) : ([48, 60], [54, 64]);
        return new Reduction(left, right, leftMouth, rightMouth);
    }

    private static float[] ToFivePoints(float[] points, Reduction reduction)
    {
        float Mean(int axis, int[] indices) => indices.Average(i => points[2 * i + axis]);
        return
        [
            Mean(0, reduction.LeftEye), Mean(1, reduction.LeftEye),
            Mean(0, reduction.RightEye), Mean(1, reduction.RightEye),
            points[60], points[61],
            Mean(0, reduction.LeftMouth), Mean(1, reduction.LeftMouth),
            Mean(0, reduction.RightMouth), Mean(1, reduction.RightMouth),
        ];
    }
}
