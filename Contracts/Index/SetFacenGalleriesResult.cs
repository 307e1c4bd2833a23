namespace Contracts.Index;

/// <summary>Whether the face of a <see cref="SetFacenGalleries"/> request was in the index.</summary>
public sealed record SetFacenGalleriesResult(bool Found);
