namespace Gateway.Storage;

/// <summary>A video stream for fkvideo_detector (spec 9.4); <see cref="Detector"/> names the detector that reads it (spec 5.2.1).</summary>
/// <param name="Rot">Region of tracking: faces are detected and tracked only inside it.</param>
/// <param name="Roi">Region of interest: only faces detected inside it are posted.</param>
public sealed record StoredCamera(Guid Id, string? Meta, string? Url, string? Detector, CameraRegion? Rot, CameraRegion? Roi);

/// <summary>A rectangle of the video frame in pixels, as the spec writes it: [W, H, X, Y].</summary>
public sealed record CameraRegion(int Width, int Height, int X, int Y);

/// <summary>
/// A change of a camera (spec 9.4.4): a null meta, url or detector is left as it is, while rot and roi are always
/// replaced, so that a change without them removes them.
/// </summary>
public sealed record CameraChange(string? Meta, string? Url, string? Detector, CameraRegion? Rot, CameraRegion? Roi);
