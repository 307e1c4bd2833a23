using Contracts.Faces;
using Contracts.Images;
using Gateway.Http;

namespace Gateway.Features.Verify;

/// <summary>The parameters of <c>POST /verify</c> (spec 9.2.2).</summary>
/// <param name="Confidence">The threshold as a confidence; null for "none" (similarity only, no verdict).</param>
public sealed record VerifyRequest(
    PhotoSource? Photo1, PhotoSource? Photo2, IReadOnlyList<Box>? Boxes1, IReadOnlyList<Box>? Boxes2, float? Confidence, FaceSelector Selector)
{
    public static VerifyRequest Read(ApiParameters parameters)
    {
        return new VerifyRequest(
            parameters.Photo("photo1"),
            parameters.Photo("photo2"),
            parameters.Boxes("bbox1"),
            parameters.Boxes("bbox2"),
            Threshold.Read(parameters),
            MultiFaceSelector.Read(parameters));
    }
}
