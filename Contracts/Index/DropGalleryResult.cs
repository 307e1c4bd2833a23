namespace Contracts.Index;

/// <summary>How many faces a <see cref="DropGallery"/> request took out of the gallery.</summary>
public sealed record DropGalleryResult(int Removed);
