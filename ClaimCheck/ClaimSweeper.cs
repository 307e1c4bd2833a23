using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClaimCheck;

/// <summary>
/// Removes claims nobody removed: a call answers and deletes its claims, but a call that timed out never learns of the
/// images a late stage made, and a process that died leaves what it had claimed. Anything older than
/// <see cref="ClaimCheckRegistration.ClaimTtlKey"/> (longer than any call may take) is swept every half of that.
/// </summary>
public sealed class ClaimSweeper(IImageStore store, ClaimTtl ttl, ILogger<ClaimSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ttl.Value / 2);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var swept = await store.SweepAsync(ttl.Value, stoppingToken);
                if (swept > 0)
                    logger.LogWarning("Removed {Count} claimed images older than {Ttl} that no call removed", swept, ttl.Value);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(exception, "Could not sweep the claimed images");
            }
        }
    }
}

/// <summary>How long a claimed image may live.</summary>
public sealed record ClaimTtl(TimeSpan Value);
