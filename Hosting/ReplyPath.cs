using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hosting;

/// <summary>
/// Whether the answers to this process's requests can reach it. They arrive at endpoints only this process consumes: its bus's
/// own endpoint, and those its stages <see cref="Watch"/> (the gateway's photo saga, where every stage answers). False from when
/// <see cref="ReplyPathWatchdog"/> finds one of them deaf until a probe has come back through each again. Meanwhile answers
/// are lost, so a caller waiting for one gives up at once (the gateway's <c>BusAvailability</c>) rather than at its timeout,
/// and readiness says so. Always true in memory, where no watchdog runs.
/// </summary>
public sealed class ReplyPath : IHealthCheck
{
    // When a probe last came back through each endpoint watched, in Environment.TickCount64.
    private readonly ConcurrentDictionary<Uri, long> _lastBack = new();

    // When the watchdog found an endpoint deaf, or 0 while every endpoint answers.
    private long _deafSince;

    public bool Answering => Interlocked.Read(ref _deafSince) == 0;

    /// <summary>Has the watchdog probe an endpoint that only this process consumes, as it probes the bus's own endpoint.</summary>
    public void Watch(IReceiveEndpointConfigurator endpoint)
    {
        Watch(endpoint.InputAddress);
        endpoint.Handler<ReplyPathProbe>(Back);
    }

    internal void Watch(Uri endpoint) => _lastBack.TryAdd(endpoint, Environment.TickCount64);

    internal ICollection<Uri> Endpoints => _lastBack.Keys;

    internal long LastBack(Uri endpoint) => _lastBack[endpoint];

    /// <summary>Takes a probe that came back through the endpoint it was sent to.</summary>
    internal Task Back(ConsumeContext<ReplyPathProbe> probe)
    {
        var now = Environment.TickCount64;
        _lastBack[probe.Message.Endpoint] = now;
        var deafSince = Interlocked.Read(ref _deafSince);
        if (deafSince != 0 && _lastBack.Values.All(back => back >= deafSince))
            Interlocked.CompareExchange(ref _deafSince, 0, deafSince);
        return Task.CompletedTask;
    }

    internal void Deaf() => Interlocked.CompareExchange(ref _deafSince, Environment.TickCount64, 0);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answering
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("No probe sent to one of this process's own endpoints comes back: the answers sent there are lost"));
}

/// <summary>What <see cref="ReplyPathWatchdog"/> sends through the broker to an endpoint of its own process.</summary>
public sealed record ReplyPathProbe(Uri Endpoint);
