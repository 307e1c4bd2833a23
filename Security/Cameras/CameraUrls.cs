using System.Text.RegularExpressions;

namespace Security.Cameras;

/// <summary>Camera passwords are kept (the detector needs them) but never shown: in logs and camera listings the user
/// and password of a URL read <c>***</c>.</summary>
public static partial class CameraUrls
{
    public const string Hidden = "***";

    /// <summary>The text with the credentials of every URL in it hidden (a URL alone, or an ffmpeg line quoting one).</summary>
    public static string Redact(string text) => Credentials().Replace(text, "://" + Hidden + "@");

    [GeneratedRegex(@"://[^/@\s'""]+@")]
    private static partial Regex Credentials();
}
