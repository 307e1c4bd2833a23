using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Attributes;

/// <summary>SSR-Net age in years (0-101).</summary>
public sealed class AgeModel(OnnxModel model)
{
    private const float AgeRange = 101;

    public async Task<float> EstimateAsync(DecodedImage image, SKRect box)
    {
        var input = model.Spec.Input;
        using var crop = ImageWarp.Crop(image.Image, FaceCrops.Around(box, model.Spec.Crop!), input.Width, input.Height);
        return SsrNet.Regress(await model.RunAsync(InputTensor.From(crop, input)), AgeRange);
    }
}
