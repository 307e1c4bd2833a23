using Gateway.Errors;
using Hosting;
using MassTransit;

namespace Gateway.Sagas;

/// <summary>
/// Fails calls fast when this gateway's bus is not healthy (the broker is down or its endpoints are reconnecting): a call sent
/// then would wait for its whole timeout for an answer that cannot come, or be lost with the saga queue the broker dropped. A
/// call is refused at its start (after <see cref="Grace"/>, for a bus that is only starting or recovering this very moment),
/// and a call already waiting is given up as soon as the bus is seen unhealthy or its answers lost (checked every
/// <see cref="Watch"/>). It waits on the machine's clock, not the registered <see cref="TimeProvider"/> (the stored faces'
/// clock, which a test may stop).
/// </summary>
public sealed class BusAvailability(IBusControl bus, ReplyPath replyPath) : BackgroundService
{
    private static readonly TimeProvider Time = TimeProvider.System;

    /// <summary>How long a call waits for an unhealthy bus before it is answered 503: under the second the API promises.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan Watch = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    // Cancelled when the bus is seen unhealthy; replaced once it is healthy again.
    private CancellationTokenSource _healthy = new();

    /// <returns>A token cancelled when the bus turns unhealthy from now on: what the call waits for must be given up then.</returns>
    /// <exception cref="ApiException">SERVICE_UNAVAILABLE when the bus is not healthy within <see cref="Grace"/>.</exception>
    public async Task<CancellationToken> EnsureHealthyAsync(CancellationToken cancellationToken)
    {
        var giveUp = Time.GetUtcNow() + Grace;
        while (State() is { } state)
        {
            if (Time.GetUtcNow() >= giveUp)
                throw Unavailable(state);
            await Task.Delay(Poll, Time, cancellationToken);
        }
        return Healthy();
    }

    /// <summary>The error for a call given up because the bus went unhealthy while it waited.</summary>
    public static ApiException Lost() => Unavailable("lost while the call waited");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Watch, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (State() is null)
                Healthy();
            else
                await Volatile.Read(ref _healthy).CancelAsync();
        }
    }

    /// <summary>Why calls cannot be carried now, or null when they can: the bus is healthy and its own endpoint, where the
    /// answers arrive, takes them (<see cref="ReplyPath"/>).</summary>
    private string? State() => bus.CheckHealth().Status switch
    {
        BusHealthStatus.Healthy when replyPath.Answering => null,
        BusHealthStatus.Healthy => "its answers are lost",
        var status => status.ToString(),
    };

    private CancellationToken Healthy()
    {
        var current = Volatile.Read(ref _healthy);
        if (current.IsCancellationRequested)
            Interlocked.CompareExchange(ref _healthy, new CancellationTokenSource(), current);
        return Volatile.Read(ref _healthy).Token;
    }

    private static ApiException Unavailable(string state) =>
        new(ApiError.ServiceUnavailable($"The pipeline's message bus is unavailable ({state}); try again later."));
}
