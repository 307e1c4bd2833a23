using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;

namespace Gateway.Sagas;

/// <summary>
/// The photo saga's scheduler, the same in both deployments: a stage's timeout is a timer in this process that sends the
/// saga its <c>RequestTimeoutExpired</c> when it fires. Saga instances live in this gateway's memory, so their timeouts may
/// too; and Debian's RabbitMQ has no delayed-message exchange to schedule them in the broker. A timeout whose send fails
/// (the bus is down) is sent again every <see cref="RetryInterval"/> until it goes through or the gateway stops; once the
/// gateway stops, every timer is stopped with it, as the sagas they time are gone.
/// </summary>
/// <remarks>The bus is resolved when a timeout fires, not before: this scheduler is built while the bus is being configured.
/// Timeouts run on the machine's clock, not the registered <see cref="TimeProvider"/>: that is the stored faces' clock, which a
/// test may move by days.</remarks>
public sealed class StageTimeouts : IScheduleMessageProvider, IDisposable
{
    private static readonly TimeProvider Time = TimeProvider.System;

    /// <summary>How long a timeout whose send failed waits before it is sent again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly IServiceProvider _services;
    private readonly ILogger<StageTimeouts> _logger;
    private readonly ConcurrentDictionary<Guid, ITimer> _timers = new();
    // Set when the gateway stops: a timeout firing then is not sent, nor tried again.
    private volatile bool _stopped;

    public StageTimeouts(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<StageTimeouts> logger)
    {
        (_services, _logger) = (services, logger);
        // Not only when disposed: between the host's stop and the container's disposal the bus is stopped, and a timer
        // firing then would send into it and try again every RetryInterval.
        lifetime.ApplicationStopping.Register(Stop);
    }

    /// <summary>Timeouts waiting to fire: one per stage request that has not been answered or cancelled.</summary>
    public int Pending => _timers.Count;

    public Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken) where T : class
    {
        // The token MassTransit cancels by when the stage answers (a request timeout's is its request id), so that an answered
        // stage's timer stops then rather than firing into a saga that has moved on.
        var tokenId = ScheduleTokenIdCache<T>.GetTokenId(message);
        Start(tokenId, scheduledTime - Time.GetUtcNow().UtcDateTime, timer => SendAsync(tokenId, timer, destinationAddress, message, pipe));
        return Task.FromResult<ScheduledMessage<T>>(new ScheduledMessageHandle<T>(tokenId, scheduledTime, destinationAddress, message));
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken)
    {
        Cancel(tokenId);
        return Task.CompletedTask;
    }

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) =>
        CancelScheduledSend(tokenId, cancellationToken);

    public void Dispose() => Stop();

    private void Stop()
    {
        _stopped = true;
        foreach (var tokenId in _timers.Keys)
            Cancel(tokenId);
    }

    private void Cancel(Guid tokenId)
    {
        if (_timers.TryRemove(tokenId, out var timer))
            timer.Dispose();
    }

    // The timer is known before it can fire, so that a due time already past still finds it. The saga's stages share its
    // request id: a stage's timeout replaces one an earlier stage left under it, which no one could cancel any more.
    private void Start(Guid tokenId, TimeSpan delay, Func<ITimer, Task> fire)
    {
        if (_stopped)
            return;
        ITimer? timer = null;
        timer = Time.CreateTimer(_ => _ = fire(timer!), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var replaced = default(ITimer);
        _timers.AddOrUpdate(tokenId, timer, (_, previous) =>
        {
            replaced = previous;
            return timer;
        });
        replaced?.Dispose();
        timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    // Only this timer's own entry: a timer that fires as it is replaced must not take its successor's.
    private async Task SendAsync<T>(Guid tokenId, ITimer timer, Uri destinationAddress, T message, IPipe<SendContext<T>> pipe) where T : class
    {
        if (!_timers.TryRemove(KeyValuePair.Create(tokenId, timer)))
            return;
        timer.Dispose();
        if (_stopped)
            return;
        try
        {
            // A send into a broker that is gone may wait for it to come back; the retry below is the wait.
            using var giveUp = new CancellationTokenSource(RetryInterval);
            var endpoint = await _services.GetRequiredService<IBus>().GetSendEndpoint(destinationAddress);
            await endpoint.Send(message, pipe, giveUp.Token);
        }
        catch (ObjectDisposedException)
        {
            // The container (or the bus in it) is gone: the gateway is stopping, whether or not it said so first.
            Stop();
        }
        catch (Exception e)
        {
            if (_stopped)
                return;
            _logger.LogWarning(e, "A stage timeout could not be sent to {Address}; trying again in {Interval}", destinationAddress, RetryInterval);
            Start(tokenId, RetryInterval, retry => SendAsync(tokenId, retry, destinationAddress, message, pipe));
        }
    }

    /// <summary>Gives the saga's consume context this scheduler (<see cref="MessageSchedulerContext"/>), which its requests'
    /// timeouts are scheduled with.</summary>
    public sealed class Filter(StageTimeouts timeouts) : IFilter<ConsumeContext>
    {
        public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
        {
            context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context,
                consumeContext => new MessageScheduler(timeouts, consumeContext.GetPayload<IBusTopology>())));
            return next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("stageTimeouts");
    }
}
