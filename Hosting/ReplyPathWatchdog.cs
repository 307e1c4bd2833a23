using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>
/// Keeps the bus's own endpoint consuming, where the answers to this process's requests arrive. Once (a CI run of
/// BrokerRestart_Specs), MassTransit 8.5.12's bus endpoint in the gateway missed its channel's shutdown when the broker stopped
/// and never took its queue up again, while every other endpoint did: the restarted broker no longer had the queue, the stages'
/// answers went to its exchange and were dropped, and every request waited out its timeout while the bus called itself healthy.
/// So while the bus is healthy this process sends itself a probe through the broker every <see cref="Interval"/>. When none has
/// come back for <see cref="Deaf"/>, it restarts the bus, which declares the queue and consumes again; if that does not help, it
/// waits twice as long before the next restart, up to <see cref="MostDeaf"/>. From when it notices until a probe comes back,
/// <see cref="ReplyPath"/> says the answers are lost. Cluster only: in memory no broker can lose a queue.
/// </summary>
public sealed class ReplyPathWatchdog(IBusControl bus, ReplyPath replyPath, IHostApplicationLifetime lifetime,
    ILogger<ReplyPathWatchdog> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How long a healthy bus may go without a probe coming back before it is restarted; a probe takes milliseconds.</summary>
    public static readonly TimeSpan Deaf = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan MostDeaf = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Restart = TimeSpan.FromSeconds(30);

    private long _lastBack = Environment.TickCount64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.StartedAsync(stoppingToken);
        bus.ConnectHandler<ReplyPathProbe>(_ =>
        {
            Volatile.Write(ref _lastBack, Environment.TickCount64);
            replyPath.Answered();
            return Task.CompletedTask;
        });
        var deaf = Deaf;
        // Since when the bus has been healthy, or null while it is not: an unhealthy bus is the broker's outage, which the bus
        // itself recovers from.
        long? healthySince = null;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            {
                healthySince = null;
                continue;
            }
            var now = Environment.TickCount64;
            healthySince ??= now;
            await SendProbeAsync(stoppingToken);
            var silent = TimeSpan.FromMilliseconds(now - Math.Max(Volatile.Read(ref _lastBack), healthySince.Value));
            if (silent < deaf)
            {
                if (silent < Interval)
                    deaf = Deaf;
                continue;
            }
            replyPath.Deaf();
            logger.LogError("No probe sent to the bus's own endpoint {Address} came back in {Seconds:F0} s while the bus is healthy: " +
                            "it no longer consumes, and every request's answer is lost. Restarting the bus.", bus.Address, silent.TotalSeconds);
            await RestartAsync(stoppingToken);
            healthySince = null;
            deaf = TimeSpan.FromTicks(Math.Min(deaf.Ticks * 2, MostDeaf.Ticks));
        }
    }

    private async Task SendProbeAsync(CancellationToken stoppingToken)
    {
        try
        {
            var endpoint = await bus.GetSendEndpoint(bus.Address).WaitAsync(Interval, stoppingToken);
            await endpoint.Send(new ReplyPathProbe(), stoppingToken).WaitAsync(Interval, stoppingToken);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            // A probe not sent (its exchange gone, the channel closed under it) does not come back: the silence counts it.
        }
    }

    private async Task RestartAsync(CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(Restart);
        try
        {
            await bus.StopAsync(limit.Token);
            await bus.StartAsync(limit.Token);
            logger.LogWarning("Bus restarted: {Address}", bus.Address);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "The bus could not be restarted; the next round tries again");
        }
    }
}

/// <summary>What <see cref="ReplyPathWatchdog"/> sends itself through the broker.</summary>
public sealed record ReplyPathProbe;
