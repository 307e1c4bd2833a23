using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workers.Video.Cameras;

namespace Workers.Video;

/// <summary>Runs the cameras until they have all ended (files, single pass) or the process is stopped, logging each
/// stream's counters every <see cref="ReportEvery"/> and, at the end, the analysed frame rate and the process's CPU use.</summary>
public sealed class DetectorService(CameraSupervisor supervisor, IHostApplicationLifetime lifetime, ILogger<DetectorService> logger)
    : BackgroundService
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        using var reports = new Timer(_ => Report(clock, cpuAtStart), null, ReportEvery, ReportEvery);
        try
        {
            await supervisor.RunAsync(stoppingToken);
            logger.LogInformation("Every stream has ended");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            Report(clock, cpuAtStart);
            lifetime.StopApplication();
        }
    }

    private void Report(Stopwatch clock, TimeSpan cpuAtStart)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        foreach (var (id, stream) in supervisor.Streams)
            logger.LogInformation("Camera {Camera}: {Stats}; {Fps:F1} frames analysed/s over {Seconds:F1} s", id, stream.Stats,
                stream.Stats.FramesAnalysed / seconds, seconds);
        logger.LogInformation("Process CPU: {Cpu:F1} s in {Seconds:F1} s ({Cores:F2} cores)", cpu, seconds, cpu / seconds);
    }
}
