namespace Contracts.Index;

/// <summary>One list of matches per query of a <see cref="SearchFacens"/> request, best first; equal similarities put the lower face id first.</summary>
/// <param name="LiveShards">How many index shards answered (FindFace's X-Live-Servers); fewer than
/// <paramref name="TotalShards"/> means matches held by the others may be missing.</param>
/// <param name="Indexed">Whether a fast approximate index answered rather than a scan (FindFace's X-search-stat).</param>
public sealed record SearchFacensResult(IReadOnlyList<IReadOnlyList<FacenMatch>> Matches, int LiveShards = 1, int TotalShards = 1,
    bool Indexed = false);
