namespace Benchmarks.Support;

/// <summary>The photos the benchmarks measure, from the tests' photo set (TestSupport.Photos).</summary>
public static class Photos
{
    /// <summary>One face, 512x600: the detector sees it whole in one input.</summary>
    public const string Portrait = "grace_hopper.jpg";

    /// <summary>Three faces, 1920x1280: the detector cuts it into tiles to find 50-px faces.</summary>
    public const string Group = "sample1.jpg";

    /// <summary>The group photos, 22 faces in all.</summary>
    public static readonly IReadOnlyList<string> Groups = [.. TestSupport.Photos.GroupPhotos.Keys];

    public static byte[] Read(string name) => TestSupport.Photos.Bytes(name);
}
