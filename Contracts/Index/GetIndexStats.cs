namespace Contracts.Index;

/// <summary>Ask every index shard what it holds (FindFace's shard statistics, spec 8.6). Answered by <see cref="IndexStatsResult"/>.</summary>
/// <param name="Gallery">One gallery to count; null for every gallery the shards hold.</param>
public sealed record GetIndexStats(string? Gallery);
