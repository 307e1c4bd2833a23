using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Context;
using MassTransit.Contracts;
using MassTransit.Scheduling;

namespace Gateway.Sagas;

/// <summary>
/// The photo saga's scheduler, the same in both deployments: a stage's timeout is a timer in this process that sends the
/// saga its <c>RequestTimeoutExpired</c> when it fires. Saga instances live in this gateway's memory, so their timeouts may
/// too; and Debian's RabbitMQ has no delayed-message exchange to schedule them in the broker. A timeout whose send fails
/// (the bus is down) is sent again every <see cref="RetryInterval"/> until it goes through or the gateway stops.
/// </summary>
/// <remarks>The bus is resolved when a timeout fires, not before: this scheduler is built while the bus is being configured.
/// Timeouts run on the machine's clock, not the registered <see cref="TimeProvider"/>: that is the stored faces' clock, which a
/// test may move by days.</remarks>
public sealed class StageTimeouts(IServiceProvider services, ILogger<StageTimeouts> logger) : IScheduleMessageProvider, IDisposable
{
    private static readonly TimeProvider Time = TimeProvider.System;

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, ITimer> _timers = new();
    // Set when the gateway stops: a timeout firing then is not sent, nor tried again.
    private volatile bool _stopped;

    /// <summary>Timeouts waiting to fire: one per stage request that has not been answered or cancelled.</summary>
    public int Pending => _timers.Count;

    public Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken) where T : class
    {
        var tokenId = RequestIdOf<T>.Read is { } requestId ? requestId(message) : NewId.NextGuid();
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

    public void Dispose()
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

    // The timer is known before it can fire, so that a due time already past still finds it. A stage's timeout replaces one
    // its saga left under the same request id, which no one could cancel any more.
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
            var endpoint = await services.GetRequiredService<IBus>().GetSendEndpoint(destinationAddress);
            await endpoint.Send(message, pipe, giveUp.Token);
        }
        catch (Exception e)
        {
            if (_stopped)
                return;
            logger.LogWarning(e, "A stage timeout could not be sent to {Address}; trying again in {Interval}", destinationAddress, RetryInterval);
            Start(tokenId, RetryInterval, retry => SendAsync(tokenId, retry, destinationAddress, message, pipe));
        }
    }

    /// <summary>
    /// A stage's timeout is known by its request's id: MassTransit cancels it by that id when the stage answers or faults
    /// (its CancelRequestTimeoutActivity; the photo saga's requests use the saga's correlation id). Under an id of its own,
    /// every answered stage left its timer running for the whole stage timeout, and the timeout then went through the bus
    /// to a saga long gone: three to five of them for every call.
    /// </summary>
    private static class RequestIdOf<T> where T : class
    {
        public static readonly Func<T, Guid>? Read = typeof(T).GetInterfaces().Prepend(typeof(T))
            .FirstOrDefault(type => type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RequestTimeoutExpired<>))
            ?.GetProperty(nameof(RequestTimeoutExpired<object>.RequestId))!.GetMethod!.CreateDelegate<Func<T, Guid>>();
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
