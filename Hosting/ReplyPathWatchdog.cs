using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>
/// Keeps the endpoints where this process's answers arrive consuming (<see cref="ReplyPath"/>): its bus's own endpoint, and those
/// its stages watch. In runs of BrokerRestart_Specs, MassTransit 8.5.12 left one of them deaf after the broker stopped, while
/// every other endpoint recovered, every request waited out its timeout, and the bus called itself healthy: once the gateway's
/// bus endpoint missed its channel's shutdown and never took its queue up again (the restarted broker no longer had the queue,
/// and the stages' answers went to its exchange and were dropped; cause not found), and twice the photo saga's endpoint stayed
/// stopping (cause found and bounded: <see cref="BusRegistration"/>'s stop timeouts). So while the bus is healthy this process sends each of those endpoints a probe through the broker every
/// <see cref="Interval"/>. When none has come back from one for <see cref="Deaf"/>, it restarts the bus, which declares the
/// queues and consumes again; if that does not help, it waits twice as long before the next restart, up to
/// <see cref="MostDeaf"/>. Cluster only: in memory no broker can lose a queue.
/// </summary>
public sealed class ReplyPathWatchdog(IBusControl bus, ReplyPath replyPath, IHostApplicationLifetime lifetime,
    ILogger<ReplyPathWatchdog> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How long an endpoint may go without a probe coming back while the bus is healthy before the bus is restarted; a
    /// probe takes milliseconds.</summary>
    public static readonly TimeSpan Deaf = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan MostDeaf = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Restart = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.StartedAsync(stoppingToken);
        replyPath.Watch(bus.Address);
        bus.ConnectHandler<ReplyPathProbe>(replyPath.Back);
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
            var endpoints = replyPath.Endpoints.ToList();
            await Task.WhenAll(endpoints.Select(endpoint => SendProbeAsync(endpoint, stoppingToken)));
            var (quietest, silent) = endpoints
                .Select(endpoint => (endpoint, silent: TimeSpan.FromMilliseconds(now - Math.Max(replyPath.LastBack(endpoint), healthySince.Value))))
                .MaxBy(probe => probe.silent);
            if (silent < deaf)
            {
                if (silent < Interval)
                    deaf = Deaf;
                continue;
            }
            replyPath.Deaf();
            logger.LogError("No probe sent to this process's own endpoint {Address} came back in {Seconds:F0} s while the bus is " +
                            "healthy: it no longer consumes, and the answers sent there are lost. Restarting the bus.", quietest,
                silent.TotalSeconds);
            await RestartAsync(stoppingToken);
            healthySince = null;
            deaf = TimeSpan.FromTicks(Math.Min(deaf.Ticks * 2, MostDeaf.Ticks));
        }
    }

    private async Task SendProbeAsync(Uri address, CancellationToken stoppingToken)
    {
        try
        {
            var endpoint = await bus.GetSendEndpoint(address).WaitAsync(Interval, stoppingToken);
            await endpoint.Send(new ReplyPathProbe(address), stoppingToken).WaitAsync(Interval, stoppingToken);
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
