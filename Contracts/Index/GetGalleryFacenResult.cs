namespace Contracts.Index;

/// <summary>The facen as the index keeps it (quantised facens come back approximate); null when the face is not in the gallery.</summary>
public sealed record GetGalleryFacenResult(float[]? Facen);
