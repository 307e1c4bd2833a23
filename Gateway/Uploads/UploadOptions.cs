namespace Gateway.Uploads;

/// <summary>Where uploaded photos and face images are kept and how they are served (section "Upload", findface-upload).</summary>
public sealed class UploadOptions
{
    public const string Section = "Upload";

    /// <summary>The request path they are served under.</summary>
    public const string RequestPath = "/uploads";

    /// <summary>
    /// Base URL put in front of upload paths in responses (FindFace's <c>ffupload_url</c>), e.g. http://192.168.1.10:8000;
    /// empty means the base URL of each request.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>How long the signed URLs that responses carry stay valid.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>FindFace's behaviour, opt-in: every file under /uploads/ to anyone who has its URL, no token, no signature.</summary>
    public bool Public { get; set; }
}
