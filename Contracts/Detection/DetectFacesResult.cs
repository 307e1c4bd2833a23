namespace Contracts.Detection;

/// <summary>The faces found in an image, largest first.</summary>
/// <param name="Orientation">The EXIF orientation (1-8) the image was stored with; coordinates are of the upright image.</param>
/// <param name="Width">Width of the upright image.</param>
/// <param name="Height">Height of the upright image.</param>
/// <param name="Dropped">Faces found beyond the detector's face limit (the smallest), not in <paramref name="Faces"/>.</param>
public sealed record DetectFacesResult(int Orientation, int Width, int Height, IReadOnlyList<DetectedFace> Faces, int Dropped = 0);
