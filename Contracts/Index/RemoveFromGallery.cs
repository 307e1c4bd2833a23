namespace Contracts.Index;

/// <summary>Take a face out of a gallery (FindFace's direct delete, spec 8.7.4); out of "default", which holds every face, it
/// leaves the index. Answered by <see cref="RemoveFromGalleryResult"/>.</summary>
public sealed record RemoveFromGallery(long FaceId, string Gallery);
