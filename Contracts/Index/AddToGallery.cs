namespace Contracts.Index;

/// <summary>Put a face into a gallery unless it is there already (FindFace's direct add, spec 8.7.2); a face already indexed
/// in other galleries joins this one and takes this facen, since a face has one facen. Answered by <see cref="AddToGalleryResult"/>.</summary>
public sealed record AddToGallery(long FaceId, float[] Facen, string Gallery);
