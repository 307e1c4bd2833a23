using Contracts.Faces;
using Contracts.Images;
using Gateway.Http;

namespace Gateway.Features.Face;

/// <summary>The parameters of <c>POST /face</c> (spec 9.2.4).</summary>
public sealed record EnrollRequest(PhotoSource? Photo, string Meta, IReadOnlyList<Box>? Boxes, FaceSelector Selector, IReadOnlyList<string>? Galleries)
{
    public static EnrollRequest Read(ApiParameters parameters) => new(
        parameters.Photo("photo"),
        parameters.String("meta") ?? "",
        parameters.Boxes("bbox"),
        MultiFaceSelector.Read(parameters),
        parameters.Strings("galleries"));
}
