using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>
/// Logs the bus's health when it changes ("Bus health: Healthy" once every endpoint is ready), so that an operator, a
/// process supervisor or a test reading the log can follow it; health checks read it at <c>/health/ready</c>.
/// </summary>
public sealed class BusHealthLog(HealthCheckService health, IHostApplicationLifetime lifetime, ILogger<BusHealthLog> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.StartedAsync(stoppingToken);
        HealthStatus? last = null;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var report = await health.CheckHealthAsync(stoppingToken);
            if (report.Status == last)
                continue;
            last = report.Status;
            var problems = report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
                .Select(entry => $"{entry.Key}: {entry.Value.Description}");
            if (report.Status == HealthStatus.Healthy)
                logger.LogInformation("Bus health: {Status}", report.Status);
            else
                logger.LogWarning("Bus health: {Status} ({Problems})", report.Status, string.Join("; ", problems));
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
