using Gateway.Sagas;
using Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Index;

/// <summary>Settles, every <see cref="PipelineOptions.StageTimeout"/>, the pending faces whose marks outlived any API call
/// (<see cref="PipelineOptions.CallTimeout"/>): what a crash, a shard down or a timeout left half done. Gateways sharing a store
/// may sweep the same marks; settling twice changes nothing.</summary>
public sealed class PendingIndexSweep(IServiceScopeFactory scopes, IOptions<PipelineOptions> options, TimeProvider time,
    ILogger<PendingIndexSweep> logger) : BackgroundService
{
    // Marks per settlement: one index request and one store transaction each.
    private const int Batch = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StageTimeout, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Pending index changes could not be settled now; the next sweep tries again");
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IFaceStore>();
        var changes = scope.ServiceProvider.GetRequiredService<PendingIndexChanges>();
        var before = time.GetUtcNow().UtcDateTime - options.Value.CallTimeout;
        IReadOnlyList<PendingFace> pending;
        do
        {
            pending = await store.ListPendingAsync(before, null, Batch, cancellationToken);
            await changes.SettleAsync(pending, cancellationToken);
            if (pending.Count > 0)
                logger.LogInformation("Settled {Count} pending index changes", pending.Count);
        }
        while (pending.Count == Batch);
    }
}
