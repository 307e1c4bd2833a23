namespace Security.Cameras;

/// <summary>What a camera registered through the API may make the video detector read (section "Video"), read by the
/// gateway at <c>POST</c>/<c>PUT /camera</c> and by the detector for every camera of the server's list.</summary>
public sealed class CameraPolicyOptions
{
    public const string Section = "Video";

    /// <summary>4K UHD: the largest frame a camera sends by default.</summary>
    public const long UhdPixels = 3840L * 2160;

    /// <summary>The folder <c>file@FPS:PATH</c> cameras must lie under, after resolving symbolic links; unset, no file is allowed.</summary>
    public string? MediaRoot { get; set; }

    /// <summary>CIDRs a camera's host must resolve into, every address of it; empty means every address but loopback,
    /// link-local, unspecified and the cloud metadata services (private ranges stay allowed: cameras live on LANs).</summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>Largest frame (width x height) a stream may send; a larger one is refused before its buffers are allocated.</summary>
    public long MaxPixels { get; set; } = UhdPixels;
}
