using System.Text.RegularExpressions;

namespace Contracts.Index;

/// <summary>FindFace's gallery naming rules: "default" holds every face, other names are [a-zA-Z0-9_-]{1,48}.</summary>
public static partial class GalleryNames
{
    public const string Default = "default";
    public const int MaxLength = 48;

    /// <summary>The named galleries among these, each once: <c>default</c> holds every face and is never stored as a membership.</summary>
    public static IEnumerable<string> Named(IEnumerable<string> galleries) =>
        galleries.Where(gallery => gallery != Default).Distinct(StringComparer.Ordinal);

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(name);

    /// <summary>Throws <see cref="ArgumentException"/> for a name that is neither a gallery's nor a person space's
    /// (<see cref="PersonSpaces"/>): the index's check, since it holds both.</summary>
    public static void Check(string? name)
    {
        if (!IsValid(name) && !PersonSpaces.IsPersonSpace(name))
            throw new ArgumentException($"Gallery name '{name}' is not 1 to {MaxLength} characters of a-z, A-Z, 0-9, '_' or '-'.");
    }

    /// <summary>Throws <see cref="ArgumentException"/> for the first name <see cref="Check"/> refuses.</summary>
    public static void CheckAll(IEnumerable<string> names)
    {
        foreach (var name in names)
            Check(name);
    }

    // \z, not $: $ also matches before a final newline, and "staff\n" would be a gallery (or a camera id) of its own.
    [GeneratedRegex(@"\A[a-zA-Z0-9_-]+\z")]
    private static partial Regex Pattern();
}
