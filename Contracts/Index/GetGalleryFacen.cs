namespace Contracts.Index;

/// <summary>The facen of a face of a gallery (FindFace's direct get, spec 8.7.3). Answered by <see cref="GetGalleryFacenResult"/>.</summary>
public sealed record GetGalleryFacen(long FaceId, string Gallery);
