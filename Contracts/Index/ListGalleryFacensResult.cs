namespace Contracts.Index;

/// <summary>One page of a gallery's faces, by increasing id.</summary>
/// <param name="Next">The id of the first face after this page, to list from next; null after the last face.</param>
public sealed record ListGalleryFacensResult(IReadOnlyList<GalleryFacen> Faces, long? Next);

/// <summary>A face id and its facen as the index keeps it.</summary>
public sealed record GalleryFacen(long FaceId, float[] Facen);
