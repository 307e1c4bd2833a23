namespace Contracts.Index;

/// <summary>False when the face of a <see cref="RemoveFromGallery"/> request was not in the gallery.</summary>
public sealed record RemoveFromGalleryResult(bool Removed);
