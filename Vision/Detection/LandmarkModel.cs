using SkiaSharp;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Detection;

/// <summary>68-point landmarks (iBUG 300-W order) on the face box, reduced to the five points alignment uses.</summary>
public sealed class LandmarkModel(OnnxModel model)
{
    public async Task<float[]> FivePointsAsync(DecodedImage image, SKRect box)
    {
        var input = model.Spec.Input;
        using var crop = ImageWarp.Crop(image.Image, box, input.Width, input.Height);
        var output = (await model.RunAsync(crop))[0];
        return ToFivePoints(output, box);
    }

    /// <summary>Eye centres are the mean of four eyelid points; mouth corners average the outer and inner lip corner.</summary>
    private static float[] ToFivePoints(float[] normalised, SKRect box)
    {
        float X(int i) => box.Left + normalised[2 * i] * box.Width;
        float Y(int i) => box.Top + normalised[2 * i + 1] * box.Height;
        float Mean(Func<int, float> axis, params int[] points) => points.Average(axis);
        return
        [
            Mean(X, 37, 38, 40, 41), Mean(Y, 37, 38, 40, 41),
            Mean(X, 43, 44, 46, 47), Mean(Y, 43, 44, 46, 47),
            X(30), Y(30),
            Mean(X, 48, 60), Mean(Y, 48, 60),
            Mean(X, 54, 64), Mean(Y, 54, 64),
        ];
    }
}
