namespace Contracts.Index;

/// <summary>False when the face of an <see cref="AddToGallery"/> request was in the gallery already, and nothing changed.</summary>
public sealed record AddToGalleryResult(bool Added);
