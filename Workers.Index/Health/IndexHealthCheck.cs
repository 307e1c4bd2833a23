using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workers.Index.Redis;
using Workers.Index.Warmup;

namespace Workers.Index.Health;

/// <summary>Ready when the index is filled (the exact index loads the store at start) and its shards answer: degraded
/// while some shards are down, unhealthy when none answers.</summary>
/// <remarks>A worker whose copies of the shards are loading (<see cref="ShardCopies"/>) says so, and stays ready: the shards answer
/// its searches meanwhile (VSIM TRUTH, the same answers, slower), and a worker kept out of rotation while its copies load (25,000 to
/// 100,000 faces/s measured: up to tens of seconds for large shards) would leave a cluster whose workers all restart with none to
/// answer.</remarks>
public sealed class IndexHealthCheck(IFaceIndex index, IndexWarmup warmup, ShardCopies? copies = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!warmup.Loaded.IsCompletedSuccessfully)
            return HealthCheckResult.Unhealthy("The index is still being filled from the metadata store.");
        var shards = await index.StatsAsync(cancellationToken);
        var down = shards.Where(shard => !shard.Up).Select(shard => shard.Endpoint).ToList();
        var loading = copies?.Loading ?? [];
        var summary = $"{shards.Count - down.Count} of {shards.Count} shards up" + (down.Count > 0 ? $"; down: {string.Join(", ", down)}" : "")
            + (loading.Count > 0 ? $"; loading copies of {string.Join(", ", loading)}" : "") + ".";
        return down.Count == 0 ? HealthCheckResult.Healthy(summary)
            : down.Count < shards.Count ? HealthCheckResult.Degraded(summary)
            : HealthCheckResult.Unhealthy(summary);
    }
}
