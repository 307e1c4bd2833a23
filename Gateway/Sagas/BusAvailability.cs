using Gateway.Errors;
using MassTransit;

namespace Gateway.Sagas;

/// <summary>
/// Fails a call fast when this gateway's bus is not healthy (the broker is down or its endpoints are reconnecting): a call sent
/// then would wait for its whole timeout for an answer that cannot come, or be lost with the saga queue the broker dropped.
/// A bus that is only starting, or recovering this very moment, is given <see cref="Grace"/> before the call is refused.
/// </summary>
public sealed class BusAvailability(IBusControl bus, TimeProvider time)
{
    /// <summary>How long a call waits for an unhealthy bus before it is answered 503: under the second the API promises.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <exception cref="ApiException">SERVICE_UNAVAILABLE when the bus is not healthy within <see cref="Grace"/>.</exception>
    public async Task EnsureHealthyAsync(CancellationToken cancellationToken)
    {
        var health = bus.CheckHealth();
        if (health.Status == BusHealthStatus.Healthy)
            return;
        var giveUp = time.GetUtcNow() + Grace;
        while (time.GetUtcNow() < giveUp)
        {
            await Task.Delay(Poll, time, cancellationToken);
            health = bus.CheckHealth();
            if (health.Status == BusHealthStatus.Healthy)
                return;
        }
        throw new ApiException(ApiError.ServiceUnavailable(
            $"The pipeline's message bus is unavailable ({health.Status}: {health.Description}); try again later."));
    }
}
