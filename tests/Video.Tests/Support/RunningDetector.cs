using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workers.Video;
using Workers.Video.Cameras;
using Workers.Video.Configuration;

namespace Video.Tests.Support;

/// <summary>The detector in this process, wired as its Program wires it (command line, options, registrations), with
/// the real models and ffmpeg; optionally on a camera list of several streams.</summary>
public sealed class RunningDetector : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stop = new();

    private RunningDetector(ServiceProvider services)
    {
        _services = services;
        Supervisor = services.GetRequiredService<CameraSupervisor>();
        Completion = Supervisor.RunAsync(_stop.Token);
    }

    public CameraSupervisor Supervisor { get; }

    /// <summary>Ends once every stream has ended (files) or the detector is stopped.</summary>
    public Task Completion { get; }

    public StreamStats Stats(string camera) => Supervisor.Streams[camera].Stats;

    public static RunningDetector Start(IEnumerable<string> args, IReadOnlyList<Camera>? cameras = null)
    {
        var commandLine = DetectorCommandLine.Parse([.. args]);
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables().AddDetectorSources(commandLine);
        var services = new ServiceCollection().AddLogging().AddVideoDetector(configuration, VideoOptions.Read(configuration));
        if (cameras is not null)
            services.AddSingleton<ICameraList>(new ConfiguredCameraList(cameras));
        return new RunningDetector(services.BuildServiceProvider());
    }

    /// <summary>Runs until every stream has ended.</summary>
    public static async Task<RunningDetector> RunToEndAsync(IEnumerable<string> args, IReadOnlyList<Camera>? cameras = null)
    {
        var detector = Start(args, cameras);
        await detector.Completion.WaitAsync(TimeSpan.FromMinutes(3));
        return detector;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Completion;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        await _services.DisposeAsync();
        _stop.Dispose();
    }
}
