namespace Gateway.FunctionalTests;

/// <summary>The real photos fetched by scripts/fetch-photos.sh.</summary>
public static class TestPhotos
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("FACEPIPE_PHOTOS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "facepipe", "photos");

    public static byte[] Read(string name)
    {
        var path = Path.Combine(Folder, name);
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"Test photo {path} is missing: run scripts/fetch-photos.sh.", path);
    }
}
