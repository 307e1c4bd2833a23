using Security.Cameras;
using Gateway.Storage;

namespace Gateway.Features.Camera;

/// <summary>A camera as spec 9.4 answers it; what was never set is left out, and regions are [W, H, X, Y]. The user and
/// password of its URL read *** unless the video detector asks for them (<c>credentials=true</c>).</summary>
public sealed record CameraView(Guid Id, string? Meta, string? Url, string? Detector, int[]? Rot, int[]? Roi)
{
    public static CameraView From(StoredCamera camera) => From(camera, withCredentials: false);

    public static CameraView From(StoredCamera camera, bool withCredentials) =>
        new(camera.Id, camera.Meta, withCredentials || camera.Url is null ? camera.Url : CameraUrls.Redact(camera.Url), camera.Detector,
            Region(camera.Rot), Region(camera.Roi));

    private static int[]? Region(CameraRegion? region) => region is null ? null : [region.Width, region.Height, region.X, region.Y];
}
