using System.Reflection;
using MassTransit;

namespace Hosting;

/// <summary>
/// How soon a process takes up its queues again once the broker is back. MassTransit 8 tries a receive endpoint's lost connection
/// again at exponential intervals from 3 to 30 s (its RabbitMQ host's receive transport retry policy), so the first call after a
/// broker restart waited 15 to 30 s; here about every 2 s (its exponential policy from 1 s, capped at 2 s), for as many hours
/// of outage as before, and on the same failures (the filter is MassTransit's own). MassTransit 8 has no setting for it (the
/// policy is a read-only property set by its host configuration's constructor; 9.x is a paid licence), so it is replaced where
/// MassTransit keeps it, and a MassTransit that keeps it elsewhere is refused at start rather than left to wait 30 s unnoticed.
/// </summary>
internal static class BrokerReconnection
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(2);

    // MassTransit's policy gives up after 1000 tries at up to 30 s apart: about 8 hours. As long at 2 s apart.
    private const int Tries = 8 * 3600 / 2;

    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    public static void ReconnectEverySecondOrTwo(this IRabbitMqBusFactoryConfigurator rabbit)
    {
        var host = rabbit.GetType().GetField("_hostConfiguration", Private)?.GetValue(rabbit);
        var policy = host?.GetType().GetField("<ReceiveTransportRetryPolicy>k__BackingField", Private);
        if (host is null || policy?.GetValue(host) is not IRetryPolicy original)
            throw new InvalidOperationException(
                "This MassTransit keeps its receive endpoints' reconnection policy where Hosting/BrokerReconnection.cs does not look.");
        policy.SetValue(host, Retry.CreatePolicy(retry =>
        {
            retry.Handle<Exception>(original.IsHandled);
            retry.Exponential(Tries, MinInterval, MaxInterval, MinInterval);
        }));
    }
}
