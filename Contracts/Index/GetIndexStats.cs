namespace Contracts.Index;

/// <summary>Ask every index shard what it holds (FindFace's shard statistics, spec 8.6). Answered by <see cref="IndexStatsResult"/>.</summary>
public sealed record GetIndexStats;
