using System.Reflection;
using Gateway.Http;
using Security.Cameras;
using Gateway.Storage;

namespace Gateway.Features.Camera;

/// <summary>
/// The parameters of <c>POST /camera</c> and <c>PUT /camera/&lt;camera_id&gt;</c> (spec 9.4.1, 9.4.4). Regions are kept as sent,
/// so that a wrong one is reported as the client wrote it; an empty one means none.
/// </summary>
public sealed record CameraRequest(string? Meta, string? Url, string? Detector, IReadOnlyList<long>? Rot, IReadOnlyList<long>? Roi)
    : IApiRequest<CameraRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("meta", FieldType.String, $"Any text to keep with the camera, at most {FacenapiOptions.MaxMetaLength} characters."),
        new("url", FieldType.String, CameraUrlPolicy.UrlRule),
        new("detector", FieldType.String, "The detector that reads the stream, fkvideo_detector's `--detector-name`. " + CameraRules.DetectorRule),
        new("rot", FieldType.Integers, "Region of tracking [W, H, X, Y]: faces are detected and tracked only inside it. " + CameraRules.RegionRule),
        new("roi", FieldType.Integers, "Region of interest [W, H, X, Y]: only faces detected inside it are posted. " + CameraRules.RegionRule),
    ];

    public static async ValueTask<CameraRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        return new(
            parameters.String("meta"),
            parameters.String("url"),
            parameters.String("detector"),
            parameters.Integers("rot"),
            parameters.Integers("roi"));
    }

    public StoredCamera ToCamera(Guid id) => new(id, Meta, Url, Detector, Region(Rot), Region(Roi));

    public CameraChange ToChange() => new(Meta, Url, Detector, Region(Rot), Region(Roi));

    private static CameraRegion? Region(IReadOnlyList<long>? values) =>
        values is [var width, var height, var x, var y] ? new CameraRegion((int)width, (int)height, (int)x, (int)y) : null;
}

/// <summary>The parameters of <c>GET /camera</c>: fkvideo_detector asks for its own cameras with <c>?detector=&lt;detector-name&gt;</c>
/// (spec 5.2.1), and ours with <c>credentials=true</c> for their URLs' passwords, which a listing otherwise hides.</summary>
public sealed record CameraListRequest(string? Detector, bool Credentials) : IApiRequest<CameraListRequest>
{
    public const string CredentialsParam = "credentials";

    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("detector", FieldType.String, "Only the cameras of this detector, as fkvideo_detector asks for its own (`--detector-name`). " +
            CameraRules.DetectorRule),
        new(CredentialsParam, FieldType.Boolean, "true shows the user and password of the cameras' URLs, which read `***` otherwise " +
            "(the video detector sends it).", Default: false),
    ];

    public static async ValueTask<CameraListRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        return new(parameters.String("detector"), parameters.Bool(CredentialsParam) ?? false);
    }
}
