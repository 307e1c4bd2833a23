using System.Diagnostics;

namespace Benchmarks.Video;

/// <summary>Cameras on loopback for the video reports: 1280x720 25 fps scenes made with ffmpeg from the test photos, and
/// ffmpeg publishing one in real time over RTSP/TCP to the detector's ffmpeg, which listens (FIELD-NOTES.md).</summary>
public static class LoopbackCameras
{
    /// <summary>The detector's ffmpeg input options for a camera of <see cref="NewUrl"/>: it is the RTSP server.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> SourceParams = [KeyValuePair.Create("rtsp_flags", "listen")];

    private const string Background = "coffee.png";
    private static readonly string[] People = ["grace_hopper.jpg", "man2.jpg", "man1.jpg", "astronaut.png"];

    public static string NewUrl()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return $"rtsp://127.0.0.1:{((System.Net.IPEndPoint)socket.LocalEndpoint).Port}/live";
    }

    /// <summary>Looped when published: each person walks in from the left, stands 1 s in the middle and walks out, one every 3 s
    /// (12 s), then the background alone until <paramref name="seconds"/>.</summary>
    public static Task MakeWalkingSceneAsync(string path, int seconds = 12)
    {
        var inputs = new[] { Background }.Concat(People)
            .SelectMany(name => new[] { "-loop", "1", "-framerate", "25", "-i", Path.Combine(TestSupport.Photos.Dir, name) });
        var filter = "[0]scale=1280:720,setsar=1[v0];" + string.Join(";", People.Select((_, i) =>
        {
            var start = 3 * i;
            return $"[{i + 1}]scale=-2:360[p{i}];[v{i}][p{i}]overlay=x='if(lt(t,{start + 1}),-w+(500+w)*(t-{start}),if(lt(t,{start + 2}),500,500+(W-500)*(t-{start + 2})))'" +
                   $":y=180:enable='between(t,{start},{start + 3})'[v{i + 1}]";
        }));
        return FfmpegAsync([.. inputs, "-filter_complex", filter, "-map", $"[v{People.Length}]", .. Encoding(path, seconds)]);
    }

    /// <summary>The background alone: a still scene with no face.</summary>
    public static Task MakeStillSceneAsync(string path) =>
        FfmpegAsync(["-loop", "1", "-framerate", "25", "-i", Path.Combine(TestSupport.Photos.Dir, Background),
            "-vf", "scale=1280:720,setsar=1", .. Encoding(path, 12)]);

    private static string[] Encoding(string path, int seconds) =>
        ["-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-r", "25", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25", "-y", path];

    /// <summary>ffmpeg publishes the scene over and over in real time once the detector's ffmpeg listens at <paramref name="url"/>.</summary>
    public static async Task<Process> PublishAsync(string video, string url)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var process = StartFfmpeg(["-re", "-stream_loop", "-1", "-i", video, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", url]);
            if (!process.WaitForExit(TimeSpan.FromSeconds(1)))
                return process;
            process.Dispose();
            await Task.Delay(500);
        }
        throw new TimeoutException($"Nothing listened at {url}.");
    }

    private static async Task FfmpegAsync(string[] args)
    {
        using var process = StartFfmpeg(args);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg failed: {string.Join(' ', args)}");
    }

    private static Process StartFfmpeg(string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", .. args])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
