using System.Diagnostics.Metrics;
using Contracts.Index;
using Hosting.Observability;
using Microsoft.Extensions.Hosting;

namespace Workers.Index.Health;

/// <summary>Faces per shard (<c>facepipe.index.faces</c>, tag <c>shard</c>: its gallery "default", which holds every face) and shards up
/// (<c>facepipe.index.shard_up</c>), read from the index's statistics every <see cref="Interval"/>: a scrape must not
/// wait on every shard.</summary>
public sealed class IndexMetrics : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly IFaceIndex _index;
    private volatile IReadOnlyList<ShardStats> _shards = [];

    public IndexMetrics(IFaceIndex index, IMeterFactory meters)
    {
        _index = index;
        var meter = meters.Create(PipelineMetrics.MeterName);
        meter.CreateObservableGauge("facepipe.index.faces", () => _shards.Where(shard => shard.Up).Select(shard =>
            new Measurement<long>(shard.Galleries.FirstOrDefault(gallery => gallery.Name == GalleryNames.Default)?.Faces ?? 0,
                Tag("shard", shard.Endpoint))), "{face}");
        meter.CreateObservableGauge("facepipe.index.shard_up", () => _shards.Select(shard =>
            new Measurement<int>(shard.Up ? 1 : 0, Tag("shard", shard.Endpoint))));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
            _shards = await _index.StatsAsync(stoppingToken);
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
