using Contracts.Embedding;
using SkiaSharp;
using Vision.Alignment;
using Vision.Imaging;
using Vision.Models;

namespace Vision.Attributes;

/// <summary>Seven-class facial expression (decoder "probabilities": one output, already softmaxed):
/// every emotion with its probability, most likely first.</summary>
public sealed class EmotionModel(OnnxModel model)
{
    public async Task<IReadOnlyList<EmotionScore>> EstimateAsync(DecodedImage image, SKRect box)
    {
        using var crop = FaceCrops.InputFor(model, image, box);
        var probabilities = (await model.RunAsync(crop))[0];
        var labels = model.Spec.Labels!;
        return [.. probabilities.Select((p, i) => new EmotionScore(labels[i], p)).OrderByDescending(e => e.Score)];
    }
}
