using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Benchmarks.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Video;
using Workers.Video.Cameras;
using Workers.Video.Configuration;
using Workers.Video.Posting;

namespace Benchmarks.Video;

/// <summary>
/// Capture-to-history latency of the video detector in standalone mode (<c>-- video-latency</c>): ffmpeg publishes a
/// 1280x720 25 fps scene of people walking by in real time over RTSP on loopback, the detector (in this process, real
/// models, real-time mode) posts each face to <c>/v1/face</c> of the real standalone gateway; reported are the p50 and
/// p95 of the time from the moment a frame was read from ffmpeg to the gateway's answer to its post, which is when the
/// face is stored and listed (checked at the end).
/// </summary>
public static class VideoLatencyReport
{
    public const string Mode = "video-latency";

    private const string Meta = "video-latency";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private static readonly string[] People = ["grace_hopper.jpg", "man2.jpg", "man1.jpg", "astronaut.png"];

    /// <param name="more">Detector options added to the report's (<c>--tracker-threads 2</c>...).</param>
    public static async Task<int> RunAsync(string[] more, TextWriter output)
    {
        var dir = Directory.CreateTempSubdirectory("facepipe-video-latency-").FullName;
        try
        {
            var video = Path.Combine(dir, "walking.mp4");
            await FfmpegAsync(WalkingScene(video));
            using var gateway = new GatewayHost();
            using var client = gateway.CreateAuthorizedClient();
            var url = $"rtsp://127.0.0.1:{FreePort()}/live";
            string[] args =
            [
                "--camid", "latency", "--source", url, "--source-params", "rtsp_flags=listen", "--realtime", "--rt-refresh", "1000",
                "--api-host", client.BaseAddress!.Host, "--api-port", client.BaseAddress.Port.ToString(), "--api-token", GatewayHost.Token,
                "--request-url", "/v1/face", "--body", $"meta={Meta}", "--req-timeout", "30", .. more,
            ];
            var configuration = new ConfigurationManager();
            configuration.AddEnvironmentVariables().AddDetectorSources(DetectorCommandLine.Parse(args));
            var options = VideoOptions.Read(configuration);
            var posts = new TimedPoster(new HttpFacePoster(ServerApi.Create(options), options, NullLogger<HttpFacePoster>.Instance));
            await using var services = new ServiceCollection().AddLogging().AddVideoDetector(configuration, options)
                .AddSingleton<IFacePoster>(posts).BuildServiceProvider();
            var supervisor = services.GetRequiredService<CameraSupervisor>();
            using var stop = new CancellationTokenSource();
            var detector = supervisor.RunAsync(stop.Token);

            using var publisher = await PublishAsync(video, url);
            var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(Duration);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds / Duration.TotalSeconds;
            await stop.CancelAsync();
            await detector.ContinueWith(_ => { }, TaskScheduler.Default);
            publisher.Kill();

            var stats = supervisor.Streams["latency"].Stats;
            var listed = await client.GetFromJsonAsync<JsonElement>($"/v1/face/meta/{Meta}?limit=1000");
            output.WriteLine($"{Environment.ProcessorCount} cores, load average at the end {LoadAverage()}; {Duration.TotalSeconds:F0} s of a " +
                             "1280x720 25 fps RTSP stream (people walking by), real-time mode with rt-refresh 1000 ms; this process " +
                             $"(gateway + detector) used {cpu:F2} cores.");
            output.WriteLine($"options added: {(more.Length == 0 ? "none" : string.Join(' ', more))}; stream: {stats}");
            output.WriteLine($"capture to answer of POST /v1/face over {Math.Min(stats.FacesPosted, StreamStats.KeptLatencies)} accepted posts: " +
                             $"p50 {stats.PostLatency(0.5)?.TotalMilliseconds:F0} ms, p95 {stats.PostLatency(0.95)?.TotalMilliseconds:F0} ms; " +
                             $"faces listed by /v1/face/meta/{Meta}: {listed.GetProperty("results").GetArrayLength()}.");
            var (p50, p95) = (posts.Percentile(0.5), posts.Percentile(0.95));
            output.WriteLine($"frame read to post start (analysis, tracking, the posting queue, JPEG encoding): p50 {p50.BeforePost:F0} ms, " +
                             $"p95 {p95.BeforePost:F0} ms; the POST alone (upload, enrollment, answer): p50 {p50.Post:F0} ms, p95 {p95.Post:F0} ms.");
            return stats.FacesPosted > 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>12 s looped: each person walks in from the left, stands 1 s in the middle and walks out, one every 3 s.</summary>
    private static string[] WalkingScene(string path)
    {
        var inputs = new[] { "coffee.png" }.Concat(People)
            .SelectMany(name => new[] { "-loop", "1", "-framerate", "25", "-i", Path.Combine(TestSupport.Photos.Dir, name) });
        var filter = "[0]scale=1280:720,setsar=1[v0];" + string.Join(";", People.Select((_, i) =>
        {
            var start = 3 * i;
            return $"[{i + 1}]scale=-2:360[p{i}];[v{i}][p{i}]overlay=x='if(lt(t,{start + 1}),-w+(500+w)*(t-{start}),if(lt(t,{start + 2}),500,500+(W-500)*(t-{start + 2})))'" +
                   $":y=180:enable='between(t,{start},{start + 3})'[v{i + 1}]";
        }));
        return [.. inputs, "-filter_complex", filter, "-map", $"[v{People.Length}]", "-t", "12", "-r", "25",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25", "-y", path];
    }

    /// <summary>ffmpeg publishes the scene over and over in real time once the detector's ffmpeg listens.</summary>
    private static async Task<Process> PublishAsync(string video, string url)
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

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>Times each post from the frame's read to the post's start (the JPEG encoded), and from there to the answer.</summary>
    private sealed class TimedPoster(IFacePoster poster) : IFacePoster
    {
        private readonly List<double> _beforePost = [], _post = [];

        public async Task<bool> PostAsync(FacePost face, CancellationToken cancellationToken)
        {
            var beforePost = (DateTimeOffset.UtcNow - face.Timestamp).TotalMilliseconds;
            var start = Stopwatch.GetTimestamp();
            var accepted = await poster.PostAsync(face, cancellationToken);
            lock (_post)
            {
                _beforePost.Add(beforePost);
                _post.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return accepted;
        }

        public (double BeforePost, double Post) Percentile(double fraction)
        {
            lock (_post)
                return (Load.ClientLoad.Percentile([.. _beforePost.Order()], fraction), Load.ClientLoad.Percentile([.. _post.Order()], fraction));
        }
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
