using Microsoft.Extensions.Hosting;

namespace Hosting;

public static class HostStarted
{
    /// <summary>Completes once the host has started all its services, the bus among them: a background service that watches the
    /// bus waits for it, since checked before, the bus would only say that it has not started yet.</summary>
    public static async Task StartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
    }
}
