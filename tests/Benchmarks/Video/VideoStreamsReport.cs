using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Benchmarks.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workers.Video;
using Workers.Video.Cameras;
using Workers.Video.Configuration;

namespace Benchmarks.Video;

/// <summary>
/// How many live 720p 25 fps streams one video detector keeps up with (<c>-- video-streams</c>): N ffmpeg processes publish a
/// 1280x720 25 fps scene in real time over RTSP on loopback (the cameras: their CPU is not counted), one detector (in this
/// process, real models) watches them all and posts its faces to a local HTTP receiver that only answers 200 (the API's cost
/// is not the detector's). After a warm-up (models, JIT, connections), reported over the duration are each stream's frames
/// (received, analysed, dropped, detected) and the CPU of the detector: this process plus its capture ffmpeg children.
/// </summary>
/// <remarks>Options: <c>--streams 1,2,3</c> (a run for each count, default 1), <c>--scene busy|idle</c> (12 s of people walking by and
/// 12 s of nobody, looped; or a still scene with no face), <c>--duration 30</c> (s); anything else is a detector option (<c>--md-threshold 0</c>...).
/// Workers.Video runs with the workstation GC: run this with <c>DOTNET_gcServer=0</c> to measure as it does.</remarks>
public static class VideoStreamsReport
{
    public const string Mode = "video-streams";

    private const double Fps = 25;
    // A stream is kept up with when at least this share of the frames its camera sent in the period was analysed.
    private const double Sustained = 0.95;
    // USER_HZ, the unit of /proc/<pid>/stat's times: 100 on Linux.
    private const double ClockTicksPerSecond = 100;
    // The busy scene loops 12 s of people walking by and 12 s of nobody: faces come and go.
    private const int BusySeconds = 24;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    private sealed record Counts(long Read, long Dropped, long Analysed, long Detected, long Posted, int Connections);

    /// <summary>Each stream's counters so far, the CPU time of this process and of each ffmpeg child (by pid), and the clock.</summary>
    private sealed record Sample(IReadOnlyDictionary<string, Counts> Streams, TimeSpan ProcessCpu, IReadOnlyDictionary<int, double> Ffmpeg, long Time);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var (streams, scene, duration, detectorArgs) = Parse(args);
        var dir = Directory.CreateTempSubdirectory("facepipe-video-streams-").FullName;
        try
        {
            var video = Path.Combine(dir, $"{scene}.mp4");
            await (scene == "idle" ? LoopbackCameras.MakeStillSceneAsync(video) : LoopbackCameras.MakeWalkingSceneAsync(video, BusySeconds));
            await using var receiver = await StartReceiverAsync();
            output.WriteLine($"{Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; scene {scene} " +
                             $"(1280x720 25 fps over RTSP on loopback); {duration.TotalSeconds:F0} s measured after {WarmUp.TotalSeconds:F0} s of " +
                             $"warm-up; detector options added: {(detectorArgs.Length == 0 ? "none" : string.Join(' ', detectorArgs))}.");
            var rows = new List<string>();
            var sustained = true;
            foreach (var count in streams)
            {
                var (row, kept) = await RunStreamsAsync(count, video, new Uri(receiver.Urls.Single()), duration, detectorArgs, output);
                rows.Add(row);
                sustained &= kept;
            }
            output.WriteLine();
            output.WriteLine("| streams | scene | md-threshold | analysed frames/s per stream (min) | dropped (max) | frames detected | " +
                             "detector cores: process + capture ffmpeg | cores per stream | CPU ms per analysed frame | keeps up at 25 fps | load average |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var row in rows)
                output.WriteLine(row);
            return sustained ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(string Row, bool Sustained)> RunStreamsAsync(int count, string video, Uri receiver, TimeSpan duration,
        string[] detectorArgs, TextWriter output)
    {
        var cameras = Enumerable.Range(1, count)
            .Select(i => new Camera($"cam{i}", LoopbackCameras.NewUrl(), LoopbackCameras.SourceParams)).ToList();
        string[] args =
        [
            "--detectors-max", count.ToString(CultureInfo.InvariantCulture), "--api-host", receiver.Host,
            "--api-port", receiver.Port.ToString(CultureInfo.InvariantCulture), "--api-token", "unused", .. detectorArgs,
        ];
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables().AddDetectorSources(DetectorCommandLine.Parse(args));
        var options = VideoOptions.Read(configuration);
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)).AddVideoDetector(configuration, options)
            .AddSingleton<ICameraList>(new ConfiguredCameraList(cameras)).BuildServiceProvider();
        var supervisor = services.GetRequiredService<CameraSupervisor>();
        using var stop = new CancellationTokenSource();
        var detector = supervisor.RunAsync(stop.Token);
        var publishers = await Task.WhenAll(cameras.Select(c => LoopbackCameras.PublishAsync(video, c.Source)));
        try
        {
            await WaitForFramesAsync(supervisor, cameras, publishers, video);
            await Task.Delay(WarmUp);
            var loadBefore = LoadAverage.Now();
            var before = Take(supervisor);
            await Task.Delay(duration);
            var after = Take(supervisor);
            var loadAfter = LoadAverage.Now();

            var seconds = Stopwatch.GetElapsedTime(before.Time, after.Time).TotalSeconds;
            var cameraPids = publishers.Select(p => p.Id).ToHashSet();
            double FfmpegCpu(bool ofCameras) => after.Ffmpeg.Where(c => cameraPids.Contains(c.Key) == ofCameras)
                .Sum(c => c.Value - before.Ffmpeg.GetValueOrDefault(c.Key)) / seconds;
            var (processCores, captureCores) = ((after.ProcessCpu - before.ProcessCpu).TotalSeconds / seconds, FfmpegCpu(ofCameras: false));

            output.WriteLine();
            output.WriteLine($"{count} stream(s), md-threshold {options.MdThreshold}: {seconds:F1} s, load average {loadBefore} then {loadAfter}");
            var streams = cameras.Select(c => (c.Id, Counts: Delta(before.Streams[c.Id], after.Streams[c.Id]))).ToList();
            foreach (var (id, c) in streams)
                output.WriteLine($"  {id}: received {c.Read}, analysed {c.Analysed}, dropped {c.Dropped} ({Share(c.Dropped, c.Read):P1}), " +
                                 $"detected {c.Detected}, posted {c.Posted}, reconnections {c.Connections}; {c.Analysed / seconds:F1} analysed frames/s");
            var sustained = streams.All(s => s.Counts.Analysed >= Sustained * Fps * seconds);
            var total = processCores + captureCores;
            // CPU per analysed frame tells what a stream that keeps up would cost where the detector is starved.
            var perFrame = total * seconds * 1000 / Math.Max(1, streams.Sum(s => s.Counts.Analysed));
            output.WriteLine($"  detector CPU: process {processCores:F2} + capture ffmpeg {captureCores:F2} = {total:F2} cores, " +
                             $"{total / count:F2} per stream, {perFrame:F1} ms per analysed frame; the cameras' ffmpeg (not counted) " +
                             $"{FfmpegCpu(ofCameras: true):F2} cores; keeps up at 25 fps: {(sustained ? "yes" : "no")}");

            var row = $"| {count} | {Path.GetFileNameWithoutExtension(video)} | {options.MdThreshold} | " +
                      $"{streams.Min(s => s.Counts.Analysed) / seconds:F1} | {streams.Max(s => Share(s.Counts.Dropped, s.Counts.Read)):P1} | " +
                      $"{Share(streams.Sum(s => s.Counts.Detected), streams.Sum(s => s.Counts.Analysed)):P0} | " +
                      $"{processCores:F2} + {captureCores:F2} | {total / count:F2} | {perFrame:F1} | {(sustained ? "yes" : "no")} | {loadBefore}-{loadAfter} |";
            return (row, sustained);
        }
        finally
        {
            await stop.CancelAsync();
            await detector.ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var publisher in publishers)
            {
                publisher.Kill();
                await publisher.WaitForExitAsync();
                publisher.Dispose();
            }
        }
    }

    /// <summary>Waits until every stream gives frames, publishing again a camera whose ffmpeg gave up (on a loaded machine it may
    /// connect before the detector's ffmpeg is ready).</summary>
    private static async Task WaitForFramesAsync(CameraSupervisor supervisor, List<Camera> cameras, Process[] publishers, string video)
    {
        for (var waited = 0; waited < 120; waited++)
        {
            var streams = supervisor.Streams;
            if (cameras.All(c => streams.TryGetValue(c.Id, out var stream) && stream.Stats.FramesRead > 0))
                return;
            for (var i = 0; i < publishers.Length; i++)
            {
                if (!publishers[i].HasExited)
                    continue;
                publishers[i].Dispose();
                publishers[i] = await LoopbackCameras.PublishAsync(video, cameras[i].Source);
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        throw new TimeoutException("A camera gave no frame within 2 minutes.");
    }

    private static Sample Take(CameraSupervisor supervisor) => new(
        supervisor.Streams.ToDictionary(s => s.Key, s => new Counts(s.Value.Stats.FramesRead, s.Value.Stats.FramesDropped,
            s.Value.Stats.FramesAnalysed, s.Value.Stats.FramesDetected, s.Value.Stats.FacesPosted, s.Value.Stats.Connections)),
        Process.GetCurrentProcess().TotalProcessorTime, FfmpegChildren(), Stopwatch.GetTimestamp());

    private static Counts Delta(Counts a, Counts b) =>
        new(b.Read - a.Read, b.Dropped - a.Dropped, b.Analysed - a.Analysed, b.Detected - a.Detected, b.Posted - a.Posted, b.Connections - a.Connections);

    private static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    /// <summary>User + system CPU seconds of each running ffmpeg child of this process (a child that ended in the period is lost,
    /// which the reconnections show).</summary>
    private static Dictionary<int, double> FfmpegChildren()
    {
        var children = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // Ended meanwhile.
            }
            // pid (comm) state ppid ... utime stime: fields 14 and 15, counted after comm, which may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (stat.Contains("(ffmpeg)", StringComparison.Ordinal) && int.Parse(fields[1], CultureInfo.InvariantCulture) == Environment.ProcessId)
                children[pid] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        return children;
    }

    /// <summary>Answers every post with 200 once its body is read, as an API would before doing its own work.</summary>
    private static async Task<WebApplication> StartReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }

    private static (int[] Streams, string Scene, TimeSpan Duration, string[] DetectorArgs) Parse(string[] args)
    {
        var (streams, scene, duration, rest) = (new[] { 1 }, "busy", TimeSpan.FromSeconds(30), new List<string>());
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--streams" when i + 1 < args.Length:
                    streams = [.. args[++i].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))];
                    break;
                case "--scene" when i + 1 < args.Length && args[i + 1] is "busy" or "idle":
                    scene = args[++i];
                    break;
                case "--duration" when i + 1 < args.Length:
                    duration = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        return (streams, scene, duration, [.. rest]);
    }
}
