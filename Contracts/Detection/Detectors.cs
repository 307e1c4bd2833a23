namespace Contracts.Detection;

/// <summary>The detector names of the FindFace Extraction API.</summary>
public static class Detectors
{
    /// <summary>The neural detector; the default.</summary>
    public const string Nnd = "nnd";

    /// <summary>FindFace's older detector; served by the same neural detector here.</summary>
    public const string Legacy = "legacy";

    /// <summary>The image already is a normalized face: no detection, the whole image is the face.</summary>
    public const string Prenormalized = "prenormalized";

    public static readonly IReadOnlyList<string> All = [Nnd, Legacy, Prenormalized];
}
