using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workers.Index.Warmup;

namespace Workers.Index.Health;

/// <summary>Ready when the index is filled (the exact index loads the store at start) and its shards answer: degraded
/// while some shards are down, unhealthy when none answers.</summary>
public sealed class IndexHealthCheck(IFaceIndex index, IndexWarmup warmup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!warmup.Loaded.IsCompletedSuccessfully)
            return HealthCheckResult.Unhealthy("The index is still being filled from the metadata store.");
        var shards = await index.StatsAsync(cancellationToken);
        var down = shards.Where(shard => !shard.Up).Select(shard => shard.Endpoint).ToList();
        var summary = $"{shards.Count - down.Count} of {shards.Count} shards up" + (down.Count > 0 ? $"; down: {string.Join(", ", down)}" : ".");
        return down.Count == 0 ? HealthCheckResult.Healthy(summary)
            : down.Count < shards.Count ? HealthCheckResult.Degraded(summary)
            : HealthCheckResult.Unhealthy(summary);
    }
}
