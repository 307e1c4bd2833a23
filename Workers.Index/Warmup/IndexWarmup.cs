using Contracts.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workers.Index.Warmup;

/// <summary>Fills a memory-only index from the registered <see cref="IFacenSource"/> at start (or starts it empty without
/// one); index messages wait for it, so that a search never misses a stored face and a change is never undone by the load.
/// A persistent index (<see cref="IFaceIndex.IsPersistent"/>: Redis shards) already holds its faces and is not reloaded:
/// rebuild-index refills it when a shard lost them.</summary>
public sealed class IndexWarmup(IFaceIndex index, IServiceProvider services, ILogger<IndexWarmup> logger) : BackgroundService
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the index holds every stored face; faults if loading failed.</summary>
    public Task Loaded => _loaded.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var source = services.GetService<IFacenSource>();
        if (index.IsPersistent)
        {
            _loaded.TrySetResult();
            await CompareAsync(source, stoppingToken);
            return;
        }
        try
        {
            var count = source is null ? 0
                : await index.FillAsync(source, GalleryNames.Default, afterId: 0, int.MaxValue, added: null, stoppingToken);
            logger.LogInformation("Face index loaded: {Count} faces", count);
            _loaded.TrySetResult();
        }
        catch (Exception e)
        {
            _loaded.TrySetException(e);
            throw;
        }
    }

    /// <summary>Logs what the persistent index holds against the metadata store, so that a shard that lost its data shows.</summary>
    private async Task CompareAsync(IFacenSource? source, CancellationToken cancellationToken)
    {
        try
        {
            var indexed = await index.CountAsync(cancellationToken);
            if (source is null)
            {
                logger.LogInformation("Face index kept by its shards: {Indexed} faces", indexed);
                return;
            }
            var stored = await source.CountAsync(GalleryNames.Default, afterId: 0, cancellationToken);
            if (indexed == stored)
                logger.LogInformation("Face index kept by its shards: {Indexed} faces, as many as stored", indexed);
            else
                logger.LogWarning("Face index shards hold {Indexed} faces, the metadata store {Stored}: run the gateway's rebuild-index " +
                    "command (README, \"Index maintenance\") to refill them", indexed, stored);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A shard that is down at start is reported by searches; it must not stop the index serving the others.
            logger.LogWarning(e, "Face index shards could not be counted at start");
        }
    }
}
