using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Workers.Index;

namespace Gateway.Features.Camera;

/// <summary>What a camera's stream address, detector name and regions may be (spec 5.3.1 <c>--source</c>, <c>--detector-name</c>, 9.4.1).</summary>
public static partial class CameraRules
{
    /// <summary>Network protocols of ffmpeg that carry camera streams; the others (file:, concat:, pipe:, ...) would reach past a stream.</summary>
    public static readonly IReadOnlyList<string> NetworkSchemes = ["rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "udp", "tcp"];

    public const int MaxUrlLength = 2048;

    /// <summary>fkvideo_detector's detector name defaults to the host name, which this admits (at most 253 characters).</summary>
    public const int MaxDetectorLength = 255;

    public static readonly string UrlRule =
        $"url is a stream address of at most {MaxUrlLength} characters: {string.Join(", ", NetworkSchemes.Select(scheme => scheme + "://"))} with a host, " +
        "a webcam /dev/video<N>, or a file as file@<FPS>:<absolute path>.";

    public static readonly string DetectorRule = $"detector is 1 to {MaxDetectorLength} characters of a-z, A-Z, 0-9, '.', '_' and '-'.";

    public static readonly string CameraIdRule =
        $"cam_id is 1 to {GalleryNames.MaxLength} characters of a-z, A-Z, 0-9, _ and -, such as a camera's UUID.";

    public const string RegionRule = "must be [W, H, X, Y] in pixels: width and height above 0, x and y from 0; empty for none.";

    public static bool IsStreamUrl(string url)
    {
        if (url.Length > MaxUrlLength || url.Any(char.IsControl))
            return false;
        if (Webcam().IsMatch(url))
            return true;
        if (FileSource().Match(url) is { Success: true } file)
            return double.Parse(file.Groups["fps"].Value, CultureInfo.InvariantCulture) > 0;
        return !url.Any(char.IsWhiteSpace) && Uri.TryCreate(url, UriKind.Absolute, out var address)
            && NetworkSchemes.Contains(address.Scheme) && address.Host.Length > 0;
    }

    /// <summary>No region (absent or empty), or [W, H, X, Y] with a positive size and a non-negative corner that fit an int.</summary>
    public static bool IsRegion(IReadOnlyList<long>? values) => values switch
    {
        null or [] => true,
        [var width, var height, var x, var y] => width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue
                                                 && x is >= 0 and <= int.MaxValue && y is >= 0 and <= int.MaxValue,
        _ => false,
    };

    /// <summary>No camera, or an id that <see cref="PersonSpaces.IsCameraId"/> admits.</summary>
    public static IRuleBuilderOptions<T, string?> CameraId<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(id => id is null || PersonSpaces.IsCameraId(id)).WithMessage(CameraIdRule).OverridePropertyName("cam_id");

    public static IRuleBuilderOptions<T, string?> DetectorName<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(name => name is null || IsDetectorName(name)).WithMessage(DetectorRule).OverridePropertyName("detector");

    private static bool IsDetectorName(string name) => name.Length <= MaxDetectorLength && DetectorCharacters().IsMatch(name);

    [GeneratedRegex(@"^/dev/video[0-9]{1,3}\z")]
    private static partial Regex Webcam();

    [GeneratedRegex(@"^file@(?<fps>[0-9]{1,3}(\.[0-9]{1,3})?):/.+\z")]
    private static partial Regex FileSource();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex DetectorCharacters();
}
