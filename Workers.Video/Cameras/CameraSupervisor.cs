using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Security.Cameras;
using Vision.Detection;
using Workers.Video.Configuration;
using Workers.Video.Posting;

namespace Workers.Video.Cameras;

/// <summary>Runs one <see cref="CameraStream"/> per camera of the list, at most <c>detectors-max</c>; re-reads the list
/// every <c>reload-timeout</c> (unless <c>single-pass</c>), starting new cameras and stopping removed or changed ones.
/// A stream that fails never stops the others. Returns once every stream has ended and the list cannot change.</summary>
/// <param name="uniqueFaces">Each stream's post-uniq filter, registered when <c>post-uniq</c> is on.</param>
public sealed class CameraSupervisor(ICameraList cameras, VideoOptions options, CameraUrlPolicy policy, FaceDetection detection, IFacePoster poster,
    ILoggerFactory loggers, Func<UniqueFaceFilter>? uniqueFaces = null)
{
    private sealed record Running(CameraStream Stream, CancellationTokenSource Stop, Task Task);

    private readonly ILogger _logger = loggers.CreateLogger<CameraSupervisor>();
    private readonly ConcurrentDictionary<string, Running> _running = new();

    /// <summary>The streams started so far, by camera id.</summary>
    public IReadOnlyDictionary<string, CameraStream> Streams => _running.ToDictionary(r => r.Key, r => r.Value.Stream);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    Reconcile(await cameras.GetAsync(cancellationToken), cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning("The camera list could not be read: {Error}", e.Message);
                }
                if (!cameras.CanChange || options.SinglePass)
                {
                    await Task.WhenAll(_running.Values.Select(r => r.Task));
                    return;
                }
                await Task.Delay(options.ReloadTimeout, cancellationToken);
            }
        }
        finally
        {
            foreach (var running in _running.Values)
                await running.Stop.CancelAsync();
            await Task.WhenAll(_running.Values.Select(r => r.Task));
        }
    }

    private void Reconcile(IReadOnlyList<Camera> wanted, CancellationToken cancellationToken)
    {
        foreach (var (id, running) in _running)
        {
            if (wanted.Any(c => c.Id == id && Same(c, running.Stream.Camera)))
                continue;
            _logger.LogInformation("Camera {Camera} left the list: stopping it", id);
            running.Stop.Cancel();
            _running.TryRemove(id, out _);
        }
        foreach (var camera in wanted.Where(c => !_running.ContainsKey(c.Id)))
        {
            if (_running.Count >= options.DetectorsMax)
            {
                _logger.LogWarning("Camera {Camera} is not watched: detectors-max ({Max}) streams already run", camera.Id, options.DetectorsMax);
                continue;
            }
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stream = new CameraStream(camera, options, policy.MaxPixels, detection, poster, uniqueFaces?.Invoke(),
                loggers.CreateLogger($"{typeof(CameraStream).FullName}"));
            _running[camera.Id] = new Running(stream, stop, Task.Run(() => RunStreamAsync(stream, stop.Token), CancellationToken.None));
        }
    }

    private async Task RunStreamAsync(CameraStream stream, CancellationToken cancellationToken)
    {
        try
        {
            await stream.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Camera {Camera} stopped on an error", stream.Camera.Id);
        }
    }

    private static bool Same(Camera a, Camera b) =>
        a.Source == b.Source && a.SourceParams.SequenceEqual(b.SourceParams) && a.Rot == b.Rot && a.Roi == b.Roi;
}
