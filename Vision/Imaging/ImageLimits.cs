namespace Vision.Imaging;

/// <summary>The limits every image must pass before it is decoded.</summary>
public sealed record ImageLimits
{
    /// <summary>The spec's maximum photo file size (9.1.9): 10 MB.</summary>
    public const int SpecMaxBytes = 10 * 1024 * 1024;

    public int MaxBytes { get; init; } = SpecMaxBytes;

    /// <summary>Pixels of the decoded image. 40 MP admits every camera photo up to 10 MB and refuses
    /// decompression bombs (a tiny PNG that claims 50000x50000 would need 10 GB decoded).</summary>
    public long MaxPixels { get; init; } = 40_000_000;
}
