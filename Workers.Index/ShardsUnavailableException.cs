namespace Workers.Index;

/// <summary>A strict search found some shards not answering, or a search found none answering: FindFace answers an error
/// rather than a partial (or empty) result.</summary>
public sealed class ShardsUnavailableException(int liveShards, int totalShards)
    : Exception($"Only {liveShards} of {totalShards} index shards answered the search.")
{
    public int LiveShards { get; } = liveShards;
    public int TotalShards { get; } = totalShards;
}
