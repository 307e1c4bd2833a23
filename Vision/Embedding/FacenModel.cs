using System.Numerics.Tensors;
using SkiaSharp;
using Vision.Models;

namespace Vision.Embedding;

/// <summary>Extracts the L2-normalised facen of an aligned 112x112 face.</summary>
/// <param name="flipAverage">Also embed the mirrored face and average: more accurate, twice the cost.</param>
public sealed class FacenModel(OnnxModel model, bool flipAverage)
{
    public string Name => model.Spec.Name;

    public async Task<float[]> ExtractAsync(SKBitmap aligned)
    {
        var facen = (await model.RunAsync(aligned))[0];
        if (flipAverage)
        {
            using var mirrored = Mirror(aligned);
            var other = (await model.RunAsync(mirrored))[0];
            TensorPrimitives.Add(facen, other, facen);
        }
        TensorPrimitives.Divide(facen, TensorPrimitives.Norm(facen), facen);
        return facen;
    }

    private static SKBitmap Mirror(SKBitmap face)
    {
        var mirrored = new SKBitmap(face.Info);
        using var canvas = new SKCanvas(mirrored);
        using var image = SKImage.FromBitmap(face);
        canvas.SetMatrix(new SKMatrix(-1, 0, face.Width, 0, 1, 0, 0, 0, 1));
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return mirrored;
    }
}
