namespace Benchmarks.Support;

/// <summary>The real photos fetched by scripts/fetch-photos.sh.</summary>
public static class Photos
{
    /// <summary>One face, 512x600: the detector sees it whole in one input.</summary>
    public const string Portrait = "grace_hopper.jpg";

    /// <summary>Three faces, 1920x1280: the detector cuts it into tiles to find 50-px faces.</summary>
    public const string Group = "sample1.jpg";

    /// <summary>The group photos, 22 faces in all.</summary>
    public static readonly IReadOnlyList<string> Groups =
        ["sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"];

    public static string Dir =>
        Environment.GetEnvironmentVariable("FACEPIPE_PHOTOS")
        ?? Path.Combine(Environment.GetEnvironmentVariable("FACEPIPE_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "facepipe"), "photos");

    public static byte[] Read(string name)
    {
        var path = Path.Combine(Dir, name);
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"Photo {path} is missing: run scripts/fetch-photos.sh.", path);
    }
}
