using Contracts.Faces;
using Contracts.Images;
using Contracts.Index;
using System.Reflection;
using Gateway.Features.Camera;
using Gateway.Http;

namespace Gateway.Features.Face;

/// <summary>The parameters of <c>POST /face</c> (spec 9.2.4), with fkvideo_detector's <c>cam_id</c> and <c>timestamp</c> (spec 5.4).</summary>
/// <param name="Attributes">v1's gender, age and emotions flags; null or not given: <c>Facenapi:Gae</c>.</param>
/// <param name="CaptureKey">A face the video detector captured over the bus: its capture's key; or the request's
/// <see cref="IdempotencyKey"/>. Either enrolls the photo once.</param>
public sealed record EnrollRequest(
    PhotoSource? Photo,
    string Meta,
    IReadOnlyList<Box>? Boxes,
    FaceSelector Selector,
    IReadOnlyList<string>? Galleries,
    string? CameraId,
    DateTime? Timestamp,
    Guid? CaptureKey = null,
    AttributeFlags? Attributes = null) : IApiRequest<EnrollRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("photo", FieldType.Photo, "The photo.", Required: true),
        new("meta", FieldType.String, $"Any text to keep with the faces, at most {FacenapiOptions.MaxMetaLength} characters.", Default: ""),
        new("bbox", FieldType.Boxes, "Faces to enroll, instead of detecting them: the biggest face in each box; mf_selector is then ignored."),
        MultiFaceSelector.Field,
        new("galleries", FieldType.Strings, $"Existing galleries to put the faces in, besides `{GalleryNames.Default}`; a single name " +
            "counts as a list of one."),
        new("cam_id", FieldType.String, $"The camera the photo comes from ({CameraRules.CameraIdRule}): the faces are then events of the " +
            "camera history, and with dynamic person creation persons are identified per camera."),
        new("timestamp", FieldType.Time, "When the photo was taken, ISO 8601 (UTC when it names no zone), as fkvideo_detector sends it; " +
            "the faces' timestamp. Default: now."),
        .. AttributeFlags.Fields("Estimate and store each face's {0} (false: leave it out).", "Facenapi:Gae"),
    ];

    public static async ValueTask<EnrollRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        return new EnrollRequest(
            parameters.Photo("photo"),
            parameters.String("meta") ?? "",
            parameters.Boxes("bbox"),
            MultiFaceSelector.Read(parameters),
            parameters.Strings("galleries"),
            parameters.Id("cam_id"),
            parameters.Time("timestamp"),
            IdempotencyKey.Read(context.Request),
            AttributeFlags.Read(parameters, ApiVersionMetadata.Of(context)));
    }
}
