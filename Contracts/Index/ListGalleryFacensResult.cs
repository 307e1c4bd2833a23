namespace Contracts.Index;

/// <summary>One page of a gallery's faces, by increasing id.</summary>
/// <param name="Next">The id of the first face after this page, to list from next; null after the last face.</param>
/// <param name="Space">Where the faces are, in FindFace's terms: "linear" (scanned) or "indexed" (in a fast approximate index).</param>
public sealed record ListGalleryFacensResult(IReadOnlyList<GalleryFacen> Faces, long? Next, string Space);

/// <summary>A face id and its facen as the index keeps it.</summary>
public sealed record GalleryFacen(long FaceId, float[] Facen);
