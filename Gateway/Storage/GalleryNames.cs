using System.Text.RegularExpressions;

namespace Gateway.Storage;

/// <summary>The spec's gallery rules (9.2.13, 9.3).</summary>
public static partial class GalleryNames
{
    /// <summary>Every face is in it; it cannot be deleted, and a face cannot leave it.</summary>
    public const string Default = "default";

    public const int MaxNameLength = 48;

    public static readonly string Rule = $"Gallery names are 1 to {MaxNameLength} characters of a-z, A-Z, 0-9, _ and -.";

    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex NamePattern();
}
