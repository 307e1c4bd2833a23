using Contracts.Embedding;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Attributes;

/// <summary>Gender and age from one run of a face-description model (decoder "faceres": output 0 is
/// P(male) after a sigmoid, output 2 a softmax over ages 0-99).</summary>
public sealed class GenderAgeModel(OnnxModel model)
{
    private const int GenderOutput = 0;
    private const int AgeOutput = 2;

    public async Task<(GenderEstimate Gender, float Age)> EstimateAsync(DecodedImage image, SKRect box)
    {
        using var crop = FaceCrops.InputFor(model, image, box);
        var outputs = await model.RunAsync(crop);

        var male = outputs[GenderOutput][0];
        var gender = male > 0.5f ? new GenderEstimate("male", male) : new GenderEstimate("female", 1 - male);
        // The expected age over the distribution: steadier than the arg-max, which snaps to a few ages.
        var ages = outputs[AgeOutput];
        var age = 0f;
        for (var i = 0; i < ages.Length; i++)
            age += i * ages[i];
        return (gender, age);
    }
}
