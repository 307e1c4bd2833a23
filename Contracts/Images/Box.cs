namespace Contracts.Images;

/// <summary>A rectangle in pixels of the upright (EXIF-oriented) image; right and bottom are exclusive.</summary>
public sealed record Box(int Left, int Top, int Right, int Bottom)
{
    public int Width => Right - Left;
    public int Height => Bottom - Top;
}
