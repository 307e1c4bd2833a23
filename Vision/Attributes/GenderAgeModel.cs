using Contracts.Embedding;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Attributes;

/// <summary>Gender and age from one run of face-api's AgeGenderNet (decoder "age-gender-net": output 0 is the
/// age in years, a regression; output 1 a softmax over male, female).</summary>
public sealed class GenderAgeModel(OnnxModel model)
{
    private const int AgeOutput = 0;
    private const int GenderOutput = 1;

    public async Task<(GenderEstimate Gender, float Age)> EstimateAsync(DecodedImage image, SKRect box)
    {
        using var crop = FaceCrops.InputFor(model, image, box);
        var outputs = await model.RunAsync(crop);

        var male = outputs[GenderOutput][0];
        var gender = male > 0.5f ? new GenderEstimate("male", male) : new GenderEstimate("female", 1 - male);
        return (gender, outputs[AgeOutput][0]);
    }
}
