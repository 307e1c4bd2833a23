namespace TestSupport;

/// <summary>The real photos gathered by scripts/fetch-photos.sh (FIELD-NOTES.md lists their sources).</summary>
public static class Photos
{
    public static string Dir =>
        Environment.GetEnvironmentVariable("FACEPIPE_PHOTOS")
        ?? Path.Combine(Environment.GetEnvironmentVariable("FACEPIPE_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "facepipe"), "photos");

    public static byte[] Bytes(string name)
    {
        var path = Path.Combine(Dir, name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Test photo {name} is missing: run scripts/fetch-photos.sh.", path);
        return File.ReadAllBytes(path);
    }

    /// <summary>The six face-api group photos and how many faces each holds (22 in all), counted by eye.</summary>
    public static readonly IReadOnlyDictionary<string, int> GroupPhotos = new Dictionary<string, int>
    {
        ["sample1.jpg"] = 3, ["sample2.jpg"] = 3, ["sample3.jpg"] = 3,
        ["sample4.jpg"] = 4, ["sample5.jpg"] = 5, ["sample6.jpg"] = 4,
    };

    /// <summary>Portraits of one person each, whose gender is plain.</summary>
    public static readonly IReadOnlyDictionary<string, string> Portraits = new Dictionary<string, string>
    {
        ["astronaut.png"] = "female", ["grace_hopper.jpg"] = "female", ["man1.jpg"] = "male", ["man2.jpg"] = "male",
    };

    /// <summary>The gender of every face of these photos (30 faces): the group photos show women only,
    /// messi5 and faces.jpg men only.</summary>
    public static readonly IReadOnlyDictionary<string, string> GenderOfAllFaces =
        new Dictionary<string, string>(GroupPhotos.Keys.ToDictionary(p => p, _ => "female"))
        {
            ["messi5.jpg"] = "male", ["faces.jpg"] = "male",
            ["astronaut.png"] = "female", ["grace_hopper.jpg"] = "female", ["man1.jpg"] = "male", ["man2.jpg"] = "male",
        };

    public static readonly IReadOnlyList<string> WithoutFaces = ["coffee.png", "motorcycle_left.png", "rocket.jpg"];
}
