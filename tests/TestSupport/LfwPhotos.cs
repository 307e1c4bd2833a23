namespace TestSupport;

/// <summary>The LFW development photos (one face each, named <c>Person_Name_0001.jpg</c>, several photos for many people), read
/// from <c>../shared/data/lfw-dev/img</c> beside the repository or the folder FACEPIPE_LFW names: not part of the repository, so
/// the specs that need them are skipped where they are missing.</summary>
public static class LfwPhotos
{
    public static string? Dir { get; } = Find();

    public const string SkipReason = "The LFW photos (../shared/data/lfw-dev/img beside the repository, or FACEPIPE_LFW) are not on this machine.";

    /// <summary>The first photos in name order.</summary>
    public static IReadOnlyList<string> Take(int count) =>
        Directory.EnumerateFiles(Dir!, "*.jpg").Order(StringComparer.Ordinal).Take(count).ToList();

    /// <summary>The first <paramref name="count"/> persons by name that have at least two photos: their first and second photo.</summary>
    public static IReadOnlyList<(string Person, string First, string Second)> PersonsWithTwoPhotos(int count) =>
    [
        .. Directory.EnumerateFiles(Dir!, "*_0002.jpg")
            .Select(second => (Person: Path.GetFileName(second)[..^"_0002.jpg".Length], Second: second))
            .Select(p => (p.Person, First: Path.Combine(Dir!, p.Person + "_0001.jpg"), p.Second))
            .Where(p => File.Exists(p.First))
            .OrderBy(p => p.Person, StringComparer.Ordinal)
            .Take(count),
    ];

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("FACEPIPE_LFW") is { Length: > 0 } named)
            return Directory.Exists(named) ? Path.GetFullPath(named) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                return Path.Combine(dir.FullName, "..", "shared", "data", "lfw-dev", "img") is var img && Directory.Exists(img)
                    ? Path.GetFullPath(img)
                    : null;
        return null;
    }
}
