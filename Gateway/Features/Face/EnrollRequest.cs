using Contracts.Faces;
using Contracts.Images;
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
    AttributeFlags? Attributes = null)
{
    public static EnrollRequest Read(ApiParameters parameters, ApiVersion version) => new(
        parameters.Photo("photo"),
        parameters.String("meta") ?? "",
        parameters.Boxes("bbox"),
        MultiFaceSelector.Read(parameters),
        parameters.Strings("galleries"),
        parameters.Id("cam_id"),
        parameters.Time("timestamp"),
        Attributes: AttributeFlags.Read(parameters, version));
}
