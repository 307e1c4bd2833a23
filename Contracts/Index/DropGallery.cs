namespace Contracts.Index;

/// <summary>Take every face out of a named gallery; the faces stay in their other galleries. Answered by <see cref="DropGalleryResult"/>.</summary>
public sealed record DropGallery(string Gallery);
