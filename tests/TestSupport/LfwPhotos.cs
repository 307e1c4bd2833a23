namespace TestSupport;

/// <summary>The LFW development photos (one face each, named <c>Person_Name_0001.jpg</c>), read from <c>../shared/data/lfw-dev</c>
/// beside the repository: not part of it, so the specs that need them are skipped where it is missing.</summary>
public static class LfwPhotos
{
    public static string? Dir { get; } = Find();

    public const string SkipReason = "The LFW photos (../shared/data/lfw-dev/img beside the repository) are not on this machine.";

    /// <summary>The first photos in name order.</summary>
    public static IReadOnlyList<string> Take(int count) =>
        Directory.EnumerateFiles(Dir!, "*.jpg").Order(StringComparer.Ordinal).Take(count).ToList();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                return Path.Combine(dir.FullName, "..", "shared", "data", "lfw-dev", "img") is var img && Directory.Exists(img)
                    ? Path.GetFullPath(img)
                    : null;
        return null;
    }
}
