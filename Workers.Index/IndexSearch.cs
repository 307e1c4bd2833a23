using Contracts.Index;

namespace Workers.Index;

/// <summary>The matches of a search and how many of the index's shards answered it (FindFace's X-Live-Servers).</summary>
public sealed record IndexSearch(IReadOnlyList<IReadOnlyList<FacenMatch>> Matches, int LiveShards, int TotalShards);
