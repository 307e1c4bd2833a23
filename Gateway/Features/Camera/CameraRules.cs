using Contracts.Index;
using System.Text.RegularExpressions;
using FluentValidation;

namespace Gateway.Features.Camera;

/// <summary>What a camera's detector name and regions may be (spec 5.3.1 <c>--detector-name</c>, 9.4.1); its stream address is
/// <see cref="Security.Cameras.CameraUrlPolicy"/>'s.</summary>
public static partial class CameraRules
{
    /// <summary>fkvideo_detector's detector name defaults to the host name, which this admits (at most 253 characters).</summary>
    public const int MaxDetectorLength = 255;

    public static readonly string DetectorRule = $"detector is 1 to {MaxDetectorLength} characters of a-z, A-Z, 0-9, '.', '_' and '-'.";

    public static readonly string CameraIdRule =
        $"cam_id is 1 to {GalleryNames.MaxLength} characters of a-z, A-Z, 0-9, _ and -, such as a camera's UUID.";

    public const string RegionRule = "must be [W, H, X, Y] in pixels: width and height above 0, x and y from 0; empty for none.";

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

    /// <summary>At most <paramref name="most"/> camera ids, each one <see cref="PersonSpaces.IsCameraId"/> admits, or none given.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> CameraIds<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule, int most) => rule
        .Must(ids => ids is null || ids.Count <= most).WithMessage($"cam_ids names at most {most} cameras.")
        .Must(ids => ids is null || ids.All(PersonSpaces.IsCameraId)).WithMessage(CameraIdRule)
        .OverridePropertyName("cam_ids");

    public static IRuleBuilderOptions<T, string?> DetectorName<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(name => name is null || IsDetectorName(name)).WithMessage(DetectorRule).OverridePropertyName("detector");

    private static bool IsDetectorName(string name) => name.Length <= MaxDetectorLength && DetectorCharacters().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex DetectorCharacters();
}
