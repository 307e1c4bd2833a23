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

    /// <param name="more">Detector options added to the report's (<c>--tracker-threads 2</c>...).</param>
    public static async Task<int> RunAsync(string[] more, TextWriter output)
    {
        var dir = Directory.CreateTempSubdirectory("facepipe-video-latency-").FullName;
        try
        {
            var video = Path.Combine(dir, "walking.mp4");
            await LoopbackCameras.MakeWalkingSceneAsync(video);
            using var gateway = new GatewayHost();
            using var client = gateway.CreateAuthorizedClient();
            var url = LoopbackCameras.NewUrl();
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

            using var publisher = await LoopbackCameras.PublishAsync(video, url);
            var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(Duration);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds / Duration.TotalSeconds;
            await stop.CancelAsync();
            await detector.ContinueWith(_ => { }, TaskScheduler.Default);
            publisher.Kill();

            var stats = supervisor.Streams["latency"].Stats;
            var listed = await client.GetFromJsonAsync<JsonElement>($"/v1/face/meta/{Meta}?limit=1000");
            output.WriteLine($"{Environment.ProcessorCount} cores, load average at the end {LoadAverage.Now()}; {Duration.TotalSeconds:F0} s of a " +
                             "1280x720 25 fps RTSP stream (people walking by), real-time mode with rt-refresh 1000 ms; this process " +
                             $"(gateway + detector) used {cpu:F2} cores.");
            output.WriteLine($"options added: {(more.Length == 0 ? "none" : string.Join(' ', more))}; stream: {stats}");
            output.WriteLine($"capture to answer of POST /v1/face over {Math.Min(stats.FacesPosted, StreamStats.KeptLatencies)} accepted posts: " +
                             $"p50 {stats.PostLatency(0.5)?.TotalMilliseconds:F0} ms, p95 {stats.PostLatency(0.95)?.TotalMilliseconds:F0} ms; " +
                             $"faces listed by /v1/face/meta/{Meta}: {listed.GetProperty("results").GetArrayLength()}.");
            var (p50, p95) = (posts.LatenciesAt(0.5), posts.LatenciesAt(0.95));
            output.WriteLine($"frame read to post start (analysis, tracking, the posting queue, JPEG encoding): p50 {p50.BeforePost:F0} ms, " +
                             $"p95 {p95.BeforePost:F0} ms; the POST alone (upload, enrollment, answer): p50 {p50.Post:F0} ms, p95 {p95.Post:F0} ms.");
            return stats.FacesPosted > 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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

        public (double BeforePost, double Post) LatenciesAt(double fraction)
        {
            lock (_post)
                return (Percentile.OfUnsorted(_beforePost, fraction), Percentile.OfUnsorted(_post, fraction));
        }
    }

}
