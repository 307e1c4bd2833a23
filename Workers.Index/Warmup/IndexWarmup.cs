using Contracts.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workers.Index.Warmup;

/// <summary>Fills the index from the registered <see cref="IFacenSource"/> at start (or starts it empty without one);
/// index messages wait for it, so that a search never misses a stored face and a change is never undone by the load.</summary>
public sealed class IndexWarmup(IFaceIndex index, IServiceProvider services, ILogger<IndexWarmup> logger) : BackgroundService
{
    // Faces are added in batches so that searches waiting on other work are not held off by one long write.
    private const int BatchSize = 4096;

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the index holds every stored face; faults if loading failed.</summary>
    public Task Loaded => _loaded.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var source = services.GetService<IFacenSource>();
            var count = 0;
            if (source is not null)
            {
                var batch = new List<IndexedFacen>(BatchSize);
                await foreach (var face in source.ReadAllAsync(stoppingToken))
                {
                    batch.Add(face);
                    if (batch.Count == BatchSize)
                        count += await AddAsync(batch, stoppingToken);
                }
                count += await AddAsync(batch, stoppingToken);
            }
            logger.LogInformation("Face index loaded: {Count} faces", count);
            _loaded.TrySetResult();
        }
        catch (Exception e)
        {
            _loaded.TrySetException(e);
            throw;
        }
    }

    private async Task<int> AddAsync(List<IndexedFacen> batch, CancellationToken cancellationToken)
    {
        var added = await index.AddAsync(batch, cancellationToken);
        batch.Clear();
        return added;
    }
}
