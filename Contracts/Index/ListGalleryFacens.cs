namespace Contracts.Index;

/// <summary>The faces of a gallery from a face id up, by increasing id (FindFace's direct list, spec 8.7.6). Answered by
/// <see cref="ListGalleryFacensResult"/>.</summary>
/// <param name="StartId">The smallest face id to list.</param>
/// <param name="Count">Most faces to list, at least 1.</param>
public sealed record ListGalleryFacens(string Gallery, long StartId, int Count);
