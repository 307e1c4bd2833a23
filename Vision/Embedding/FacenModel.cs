using System.Numerics.Tensors;
using SkiaSharp;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Embedding;

/// <summary>Extracts the L2-normalised facen of an aligned 112x112 face.</summary>
/// <param name="flipAverage">Also embed the mirrored face and average: more accurate, twice the cost.</param>
/// <param name="partner">A second facen model whose facen is appended to the first (each normalised, then the whole): an
/// ensemble, whose cosine is the mean of the two models' cosines. Its facens are named after both models.</param>
public sealed class FacenModel(OnnxModel model, bool flipAverage, OnnxModel? partner = null)
{
    public string Name => partner is null ? model.Spec.Name : $"{model.Spec.Name}+{partner.Spec.Name}";

    public async Task<float[]> ExtractAsync(SKBitmap aligned)
    {
        var facen = await ExtractAsync(model, aligned);
        if (partner is null)
            return facen;
        var second = await ExtractAsync(partner, aligned);
        float[] both = [.. facen, .. second];
        TensorPrimitives.Divide(both, MathF.Sqrt(2), both);
        return both;
    }

    private async Task<float[]> ExtractAsync(OnnxModel facenModel, SKBitmap aligned)
    {
        using var resized = Resized(aligned, facenModel.Spec.Input);
        var face = resized ?? aligned;
        var facen = (await facenModel.RunAsync(face))[facenModel.Spec.Output];
        if (flipAverage)
        {
            using var mirrored = Mirror(face);
            var other = (await facenModel.RunAsync(mirrored))[facenModel.Spec.Output];
            TensorPrimitives.Add(facen, other, facen);
        }
        TensorPrimitives.Divide(facen, TensorPrimitives.Norm(facen), facen);
        return facen;
    }

    /// <summary>The aligned face at the size a model takes that does not take 112x112 (null when it does).</summary>
    private static SKBitmap? Resized(SKBitmap aligned, ModelInput input)
    {
        if (aligned.Width == input.Width && aligned.Height == input.Height)
            return null;
        using var source = SKImage.FromBitmap(aligned);
        return ImageWarp.Crop(source, SKRect.Create(aligned.Width, aligned.Height), input.Width, input.Height);
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
