using Contracts.Index;

namespace Workers.Index;

/// <summary>The matches of a search, how many of the index's shards answered it (FindFace's X-Live-Servers), and whether a fast
/// approximate index answered rather than a scan (FindFace's X-search-stat).</summary>
public sealed record IndexSearch(IReadOnlyList<IReadOnlyList<FacenMatch>> Matches, int LiveShards, int TotalShards, bool Indexed);
