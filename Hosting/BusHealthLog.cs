using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>
/// Logs the bus's health when it changes ("Bus health: Healthy" once every endpoint is ready), so that an operator, a
/// process supervisor or a test can follow a worker that serves no HTTP; and to Bus:HealthFile, for a container health check.
/// </summary>
public sealed class BusHealthLog(HealthCheckService health, BusOptions options, IHostApplicationLifetime lifetime, ILogger<BusHealthLog> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The bus starts with the host's services; checked before, it would only report that it has not started yet.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        HealthStatus? last = null;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var report = await health.CheckHealthAsync(stoppingToken);
            if (report.Status == last)
                continue;
            last = report.Status;
            if (!string.IsNullOrWhiteSpace(options.HealthFile))
                await File.WriteAllTextAsync(options.HealthFile, report.Status.ToString(), stoppingToken);
            var problems = report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
                .Select(entry => $"{entry.Key}: {entry.Value.Description}");
            if (report.Status == HealthStatus.Healthy)
                logger.LogInformation("Bus health: {Status}", report.Status);
            else
                logger.LogWarning("Bus health: {Status} ({Problems})", report.Status, string.Join("; ", problems));
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
