using System.Reflection;
using Contracts.Faces;
using Contracts.Images;
using Gateway.Http;

namespace Gateway.Features.Verify;

/// <summary>The parameters of <c>POST /verify</c> (spec 9.2.2).</summary>
/// <param name="Confidence">The threshold as a confidence; null for "none" (similarity only, no verdict).</param>
/// <param name="Attributes">v1 describes the faces of both photos with what was asked, as /detect does; nothing unless asked.</param>
public sealed record VerifyRequest(
    PhotoSource? Photo1, PhotoSource? Photo2, IReadOnlyList<Box>? Boxes1, IReadOnlyList<Box>? Boxes2, float? Confidence, FaceSelector Selector,
    AttributeFlags Attributes) : IApiRequest<VerifyRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("photo1", FieldType.Photo, "The first photo.", Required: true),
        new("photo2", FieldType.Photo, "The second photo.", Required: true),
        new("bbox1", FieldType.Boxes, "Faces of photo1 to compare, instead of detecting them: the biggest face in each box; mf_selector is then ignored."),
        new("bbox2", FieldType.Boxes, "Faces of photo2 to compare, as bbox1."),
        Threshold.Field,
        MultiFaceSelector.Field,
        .. AttributeFlags.Fields("Estimate the {0} of each face of both photos (in bbox1 and bbox2), as /detect does.", "false"),
    ];

    public static async ValueTask<VerifyRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        return new VerifyRequest(
            parameters.Photo("photo1"),
            parameters.Photo("photo2"),
            parameters.Boxes("bbox1"),
            parameters.Boxes("bbox2"),
            Threshold.Read(parameters),
            MultiFaceSelector.Read(parameters),
            AttributeFlags.Read(parameters, ApiVersionMetadata.Of(context)));
    }
}
