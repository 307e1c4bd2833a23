using System.Diagnostics.Metrics;
using Hosting.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workers.Index.Redis;

/// <summary>Keeps this worker's int8 copies of the shards it scans (<see cref="ShardCopy"/>): loads them in the background as the
/// worker starts, so that its first searches neither wait for a load nor fall to Redis's slower scan for long; then every
/// <see cref="Interval"/> frees the copies of shards it no longer scans and brings the others up to date
/// (<see cref="RedisFaceIndex.KeepShardCopiesAsync"/>). Publishes each copy's faces, bytes and lag, and its loads by reason.</summary>
public sealed class ShardCopies : BackgroundService
{
    // As often as Auto reads a shard's size again (RedisShard's gallery sizes last 10 s): a shard that grew past the limit, or
    // whose last cell a reshard moved away, has its copy freed within a round of it.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly RedisFaceIndex _index;
    private readonly ILogger<ShardCopies> _logger;

    public ShardCopies(RedisFaceIndex index, IMeterFactory meters, ILogger<ShardCopies> logger)
    {
        (_index, _logger) = (index, logger);
        index.CopyLoaded += (endpoint, copy, reason) => logger.LogInformation(
            "Shard copy of {Shard} loaded ({Reason}): {Faces} faces in {Seconds:F1} s", endpoint, reason, copy.Count, copy.LoadTime.TotalSeconds);
        var meter = meters.Create(PipelineMetrics.MeterName);
        meter.CreateObservableGauge("facepipe.index.copy.faces", () => Each(copy => copy.Count), "{face}",
            "Faces in this worker's int8 copy of a shard; 0 while it loads.");
        meter.CreateObservableGauge("facepipe.index.copy.memory", () => Each(copy => copy.Bytes), "By",
            "Memory of this worker's int8 copy of a shard's rows (int8 facens, bounds, ids; in chunks of 16,384 rows).");
        meter.CreateObservableGauge("facepipe.index.copy.lag", () => Each(copy => copy.Lag), "{entry}",
            "Change feed entries the copy's last replay read: how far behind its shard it had fallen since the replay before.");
        meter.CreateObservableCounter("facepipe.index.copy.loads", () => _index.CopyLoadCounts.Select(count =>
                new Measurement<long>(count.Value, new("shard", count.Key.Shard), new("reason", count.Key.Reason))), "{load}",
            "Loads of a shard's copy: start, or again because feed entries it had not replayed were trimmed, or it was too far behind.");
    }

    /// <summary>The shards whose copies are loading now (a first load or a load again), by endpoint.</summary>
    public IReadOnlyList<string> Loading =>
        [.. _index.Copies.Where(copy => !copy.Value.IsLoaded).Select(copy => copy.Key).Order(StringComparer.Ordinal)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var (_, freed) = await _index.KeepShardCopiesAsync().WaitAsync(stoppingToken);
                foreach (var endpoint in freed)
                    _logger.LogInformation("Shard copy of {Shard} freed: this worker no longer scans the shard", endpoint);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Searches do not depend on it (a copy not loaded leaves its shard to Redis's scan): the next round tries again.
                _logger.LogWarning(e, "Shard copies could not be kept up to date");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<long>> Each(Func<ShardCopy, long> value) =>
        _index.Copies.Select(copy => new Measurement<long>(value(copy.Value), new KeyValuePair<string, object?>("shard", copy.Key)));
}
