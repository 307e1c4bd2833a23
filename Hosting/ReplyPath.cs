using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hosting;

/// <summary>
/// Whether the answers to this process's requests can reach it: false from when <see cref="ReplyPathWatchdog"/> finds the bus's
/// own endpoint deaf until a probe comes back through it again. Meanwhile every answer awaited is lost, so a caller waiting for
/// one gives up at once (the gateway's <c>BusAvailability</c>) rather than at its timeout, and readiness says so. Always true in
/// memory, where no watchdog runs.
/// </summary>
public sealed class ReplyPath : IHealthCheck
{
    private volatile bool _deaf;

    public bool Answering => !_deaf;

    internal void Deaf() => _deaf = true;

    internal void Answered() => _deaf = false;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_deaf
            ? HealthCheckResult.Unhealthy("No probe sent to the bus's own endpoint comes back: the answers to requests are lost")
            : HealthCheckResult.Healthy());
}
