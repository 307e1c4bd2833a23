using System.Diagnostics;

namespace Video.Tests.Support;

/// <summary>A camera on loopback: ffmpeg publishes a video in real time over RTSP/TCP (ANNOUNCE/RECORD) to the
/// detector's ffmpeg, which listens (<c>rtsp_flags=listen</c>, FIELD-NOTES.md).</summary>
public sealed class RtspPublisher : IAsyncDisposable
{
    private readonly Process _process;

    private RtspPublisher(Process process) => _process = process;

    /// <summary>Publishes once the listener answers (ffmpeg exits at once while nothing listens, so it is retried).</summary>
    public static async Task<RtspPublisher> StartAsync(string video, string url, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            var process = Ffmpeg.Start("-re", "-i", video, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", url);
            try
            {
                await process.WaitForExitAsync(expiry.Token).WaitAsync(TimeSpan.FromSeconds(1), expiry.Token);
                process.Dispose();
            }
            catch (TimeoutException)
            {
                return new RtspPublisher(process);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                process.Dispose();
                throw new TimeoutException($"Nothing listened at {url} within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(200, expiry.Token);
        }
    }

    /// <summary>The camera dies: the connection drops without an RTSP TEARDOWN.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }
}
