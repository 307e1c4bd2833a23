using System.Diagnostics;
using Benchmarks.Support;
using Contracts.Detection;
using Contracts.Embedding;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;

namespace Benchmarks.MassEnroll;

/// <summary>
/// findface-mass-enroll's throughput (<c>-- mass-enroll [IMAGES] [PARALLEL,...] [attributes]</c>): LFW photos (../shared/data/lfw-dev)
/// prepared with <c>--meta-filename</c> and run with each <c>--parallel</c> against the standalone gateway in this process, in faces
/// enrolled per second (the tool's process from start to exit), with the gateway's CPU time per face and how busy it kept the
/// cores; beside the embed stage's batched throughput for what an enrollment asks of it (the faces of 64 of the photos described
/// at once, in the gateway's own services), measured before and after the runs. <c>attributes</c> runs the tool with
/// <c>--gender --age --emotions</c> (and the embed stage with those models). Target: the best setting at 90% of the embed stage's rate.
/// </summary>
public static class MassEnrollReport
{
    public const string Mode = "mass-enroll";

    private const int DefaultImages = 1000;
    private static readonly int[] DefaultParallel = [1, 2, 4, 8];
    private const int EmbedFaces = 64;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var images = args.Length > 1 ? int.Parse(args[1]) : DefaultImages;
        var parallel = args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : DefaultParallel;
        var attributes = args is [.., "attributes"];
        string[] attributeFlags = attributes ? ["--gender", "--age", "--emotions"] : [];
        if (LfwPhotos.Dir is null)
        {
            output.WriteLine(LfwPhotos.SkipReason);
            return 1;
        }
        var photos = LfwPhotos.Take(images);

        using var gateway = new GatewayHost();
        using var client = gateway.CreateAuthorizedClient();
        // The first call loads what the models' first run needs; not counted.
        (await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", File.ReadAllBytes(photos[0]))))).EnsureSuccessStatusCode();
        var api = client.BaseAddress!.ToString();
        var wanted = FaceAttributes.Facen | FaceAttributes.Normalized | FaceAttributes.Thumbnail
                     | (attributes ? FaceAttributes.Gender | FaceAttributes.Age | FaceAttributes.Emotions : FaceAttributes.None);
        var embed = new EmbedStage(gateway.Services, photos.Take(EmbedFaces), wanted);

        output.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage.Now()}; {photos.Count} LFW photos per run, mf_selector biggest" +
                         (attributes ? ", --gender --age --emotions." : ", no attributes asked."));
        var before = await embed.FacesPerSecondAsync();
        output.WriteLine($"embed stage, {EmbedFaces} faces at once ({wanted}): {before:F2} faces/s");
        output.WriteLine($"{"--parallel",10} {"faces",6} {"seconds",8} {"faces/s",8} {"of embed",9} {"CPU ms/face",12} {"cores busy",11} {"load",6}");
        var best = 0.0;
        foreach (var p in parallel)
        {
            using var folder = new TemporaryFolder();
            foreach (var photo in photos)
                File.Copy(photo, Path.Combine(folder.Path, Path.GetFileName(photo)));
            await MassEnrollTool.RunAsync(folder.Path, "prepare", "--meta-filename", "*.jpg");
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            var run = await MassEnrollTool.RunAsync(folder.Path, ["run", "--api", api, "--token", GatewayHost.Token, "--parallel", p.ToString(),
                "--mf-selector", "biggest", "--stats-interval", "60", .. attributeFlags]);
            clock.Stop();
            // The gateway's own CPU time (the tool is another process): how much of the cores it kept busy.
            var gatewayCpu = Environment.CpuUsage.TotalTime - cpu;
            var done = run.Output.FirstOrDefault(line => line.StartsWith("Successfully processed", StringComparison.Ordinal)) is { } line
                ? int.Parse(line.Split(' ')[2])
                : throw new InvalidOperationException($"The tool gave no summary:\n{run.All}");
            var rate = done / clock.Elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            output.WriteLine($"{p,10} {done,6} {clock.Elapsed.TotalSeconds,8:F1} {rate,8:F2} {rate / before,9:P0} " +
                             $"{gatewayCpu.TotalMilliseconds / done,12:F1} {gatewayCpu / clock.Elapsed / Environment.ProcessorCount,11:P0} {LoadAverage.Now(),6}");
        }
        var after = await embed.FacesPerSecondAsync();
        output.WriteLine($"embed stage again: {after:F2} faces/s; best run at {best / Math.Max(before, after):P0} of the higher embed figure " +
                         $"(target 90%), {best / Math.Min(before, after):P0} of the lower.");
        return 0;
    }

    /// <summary>The embed stage's work for enrollments, batched as its model queues batch the faces of many calls at once.</summary>
    private sealed class EmbedStage
    {
        private readonly FaceDescriber _describer;
        private readonly FaceAttributes _wanted;
        private readonly List<(DecodedImage Image, DetectedFace Face)> _faces = [];

        public EmbedStage(IServiceProvider services, IEnumerable<string> photos, FaceAttributes wanted)
        {
            _wanted = wanted;
            _describer = services.GetRequiredService<FaceDescriber>();
            var decoder = services.GetRequiredService<ImageDecoder>();
            var detection = services.GetRequiredService<FaceDetection>();
            foreach (var photo in photos)
            {
                var image = decoder.Decode(File.ReadAllBytes(photo));
                if (detection.FindAsync(image, null, Detectors.Nnd).GetAwaiter().GetResult() is [var first, ..])
                    _faces.Add((image, first));
            }
        }

        public async Task<double> FacesPerSecondAsync()
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(_faces.Select(f => _describer.DescribeAsync(f.Image, f.Face, _wanted)));
            return _faces.Count / clock.Elapsed.TotalSeconds;
        }
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("facepipe-mass-enroll-bench-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
