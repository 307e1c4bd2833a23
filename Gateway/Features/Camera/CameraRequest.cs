using Gateway.Http;
using Gateway.Storage;

namespace Gateway.Features.Camera;

/// <summary>
/// The parameters of <c>POST /camera</c> and <c>PUT /camera/&lt;camera_id&gt;</c> (spec 9.4.1, 9.4.4). Regions are kept as sent,
/// so that a wrong one is reported as the client wrote it; an empty one means none.
/// </summary>
public sealed record CameraRequest(string? Meta, string? Url, string? Detector, IReadOnlyList<long>? Rot, IReadOnlyList<long>? Roi)
{
    public static CameraRequest Read(ApiParameters parameters) => new(
        parameters.String("meta"),
        parameters.String("url"),
        parameters.String("detector"),
        parameters.Integers("rot"),
        parameters.Integers("roi"));

    public StoredCamera ToCamera(Guid id) => new(id, Meta, Url, Detector, Region(Rot), Region(Roi));

    public CameraChange ToChange() => new(Meta, Url, Detector, Region(Rot), Region(Roi));

    private static CameraRegion? Region(IReadOnlyList<long>? values) =>
        values is [var width, var height, var x, var y] ? new CameraRegion((int)width, (int)height, (int)x, (int)y) : null;
}

/// <summary>The parameters of <c>GET /camera</c>: fkvideo_detector asks for its own cameras with <c>?detector=&lt;detector-name&gt;</c>
/// (spec 5.2.1), and ours with <c>credentials=true</c> for their URLs' passwords, which a listing otherwise hides.</summary>
public sealed record CameraListRequest(string? Detector, bool Credentials)
{
    public const string CredentialsParam = "credentials";

    public static CameraListRequest Read(ApiParameters parameters) =>
        new(parameters.String("detector"), parameters.Bool(CredentialsParam) ?? false);
}
