using Contracts.Embedding;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Attributes;

/// <summary>SSR-Net gender: regresses a value in [0, 1] where high means male.</summary>
public sealed class GenderModel(OnnxModel model)
{
    /// <summary>The model's boundary between female and male (measured, see MODELS.md).</summary>
    public const float MaleAbove = 0.6f;

    public async Task<GenderEstimate> EstimateAsync(DecodedImage image, SKRect box)
    {
        var input = model.Spec.Input;
        using var crop = ImageWarp.Crop(image.Image, FaceCrops.Around(box, model.Spec.Crop!), input.Width, input.Height);
        var value = Math.Clamp(SsrNet.Regress(await model.RunAsync(InputTensor.From(crop, input)), 1), 0, 1);
        // Confidence: how far the value lies from the boundary, scaled to [0, 1] on its side.
        return value > MaleAbove
            ? new GenderEstimate("male", (value - MaleAbove) / (1 - MaleAbove))
            : new GenderEstimate("female", (MaleAbove - value) / MaleAbove);
    }
}
