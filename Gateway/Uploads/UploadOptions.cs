namespace Gateway.Uploads;

/// <summary>Where uploaded photos and face images are kept and served from (section "Upload", findface-upload).</summary>
public sealed class UploadOptions
{
    public const string Section = "Upload";

    /// <summary>The request path they are served under, without authentication, as findface-upload does.</summary>
    public const string RequestPath = "/uploads";

    /// <summary>
    /// Base URL put in front of upload paths in responses (FindFace's <c>ffupload_url</c>), e.g. http://192.168.1.10:8000;
    /// empty means the base URL of each request.
    /// </summary>
    public string PublicUrl { get; set; } = "";
}
