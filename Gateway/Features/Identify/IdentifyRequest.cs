using Contracts.Faces;
using Contracts.Images;
using Gateway.Http;
using Vision.Models;

namespace Gateway.Features.Identify;

/// <summary>The parameters of <c>POST /identify</c> (spec 9.2.3).</summary>
/// <param name="Confidence">The threshold as a confidence; matches below it are left out.</param>
/// <param name="Strict">Whether a search missing an index shard fails (true) or answers from the live ones (false);
/// null leaves it to the index's setting.</param>
public sealed record IdentifyRequest(PhotoSource? Photo, IReadOnlyList<Box>? Boxes, float Confidence, long N, FaceSelector Selector, bool? Strict)
{
    public static IdentifyRequest Read(ApiParameters parameters)
    {
        var box = parameters.SeparateBox();
        return new IdentifyRequest(
            parameters.Photo("photo"),
            box is null ? parameters.Boxes("bbox") : [box],
            Threshold.Read(parameters) ?? ConfidenceThresholds.None,
            parameters.Integer("n") ?? 1,
            MultiFaceSelector.Read(parameters),
            parameters.Bool("strict"));
    }
}
