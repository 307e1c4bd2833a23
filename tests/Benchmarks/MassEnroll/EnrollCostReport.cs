using Benchmarks.Support;
using Contracts.Detection;
using Contracts.Embedding;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using TestSupport;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;

namespace Benchmarks.MassEnroll;

/// <summary>
/// What one enrollment costs in CPU, by stage (<c>-- enroll-cost [IMAGES]</c>): each step of the enroll path run alone over the
/// first LFW photos, 8 at a time as <c>--parallel 8</c> keeps them in flight (so the model queues batch as they do then), in
/// this process's CPU time per face (user and system, every thread: ONNX Runtime's too), which a busy machine slows less than
/// wall time. Then whole <c>POST /v1/face</c> calls over loopback HTTP to the standalone gateway in this process, with the
/// attribute models and without; the rest of their cost beyond the engine's steps is the API's own (HTTP both ways, bus, saga,
/// index, uploads, SQLite). The ceiling is what 2 cores' CPU time allows: 2,000 ms a second over the CPU ms of one enrollment.
/// </summary>
public static class EnrollCostReport
{
    public const string Mode = "enroll-cost";

    private const int DefaultImages = 200, InFlight = 8, Warmup = 16;
    private const string WithAttributes = "POST /v1/face with gender, age, emotions", WithoutAttributes = "POST /v1/face without them";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (LfwPhotos.Dir is null)
        {
            output.WriteLine(LfwPhotos.SkipReason);
            return 1;
        }
        var count = args.Length > 1 ? int.Parse(args[1]) : DefaultImages;
        var bytes = LfwPhotos.Take(count).Select(File.ReadAllBytes).ToList();
        using var gateway = new GatewayHost();
        using var client = gateway.CreateAuthorizedClient();
        var services = gateway.Services;
        var decoder = services.GetRequiredService<ImageDecoder>();
        var detector = services.GetRequiredService<UltraFaceDetector>();
        var landmarks = services.GetRequiredService<LandmarkModel>();
        var detection = services.GetRequiredService<FaceDetection>();
        var describer = services.GetRequiredService<FaceDescriber>();

        var images = bytes.Select(photo => decoder.Decode(photo)).ToList();
        var faces = new List<(DecodedImage Image, DetectedFace Face, SKRect Box)>();
        foreach (var image in images)
            if (await detection.FindAsync(image, null, Detectors.Nnd) is [var face, ..])
                faces.Add((image, face, new SKRect(face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom)));
        var region = (DecodedImage image) => new SKRectI(0, 0, image.Width, image.Height);
        output.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage.Now()}; {bytes.Count} LFW photos, {faces.Count} with a face, " +
                         $"{InFlight} at a time; CPU ms per face of this process");

        var rows = new List<(string Stage, double Ms)>();
        async Task StageAsync<T>(string stage, IReadOnlyList<T> items, Func<T, Task> run)
        {
            foreach (var item in items.Take(Warmup))
                await run(item);
            var before = Environment.CpuUsage.TotalTime;
            foreach (var chunk in items.Chunk(InFlight))
                await Task.WhenAll(chunk.Select(run));
            var ms = (Environment.CpuUsage.TotalTime - before).TotalMilliseconds / items.Count;
            rows.Add((stage, ms));
            output.WriteLine($"  {stage,-44} {ms,7:F2}  (load {LoadAverage.Now()})");
        }

        await StageAsync("decode (JPEG to pixels)", bytes, photo => Task.Run(() => decoder.Decode(photo).Dispose()));
        await StageAsync("detector (UltraFace, whole photo)", images, image => detector.DetectAsync(image, region(image)));
        await StageAsync("landmarks (68 points, one face)", faces, f => landmarks.FivePointsAsync(f.Image, f.Box));
        await StageAsync("detect stage (detector, landmarks, sharpness)", images, image => detection.FindAsync(image, null, Detectors.Nnd));
        await StageAsync("align and facen", faces, f => describer.DescribeAsync(f.Image, f.Face, FaceAttributes.Facen));
        await StageAsync("gender and age", faces, f => describer.DescribeAsync(f.Image, f.Face, FaceAttributes.Gender | FaceAttributes.Age));
        await StageAsync("emotions", faces, f => describer.DescribeAsync(f.Image, f.Face, FaceAttributes.Emotions));
        await StageAsync("normalized face (align, PNG)", faces, f => describer.DescribeAsync(f.Image, f.Face, FaceAttributes.Normalized));
        await StageAsync("thumbnail (crop, JPEG)", faces, f => describer.DescribeAsync(f.Image, f.Face, FaceAttributes.Thumbnail));

        async Task EnrollAsync(byte[] photo, bool attributes)
        {
            var flag = attributes ? "true" : "false";
            using var response = await client.PostAsync("/v1/face",
                ApiForms.Multipart(("photo", photo), ("gender", flag), ("age", flag), ("emotions", flag)));
            // A photo without a face is answered 400 and costs its detection only; counted as a face all the same (few in LFW).
            await response.Content.ReadAsByteArrayAsync();
        }
        await StageAsync(WithAttributes, bytes, photo => EnrollAsync(photo, attributes: true));
        await StageAsync(WithoutAttributes, bytes, photo => EnrollAsync(photo, attributes: false));
        foreach (var image in images)
            image.Dispose();

        var engine = rows.Where(r => r.Stage is "decode (JPEG to pixels)" or "detect stage (detector, landmarks, sharpness)" or "align and facen"
            or "normalized face (align, PNG)" or "thumbnail (crop, JPEG)").Sum(r => r.Ms);
        var attributesMs = rows.Where(r => r.Stage is "gender and age" or "emotions").Sum(r => r.Ms);
        var withAll = rows.Single(r => r.Stage == WithAttributes).Ms;
        var without = rows.Single(r => r.Stage == WithoutAttributes).Ms;
        output.WriteLine($"engine steps of an enrollment without attributes: {engine:F2} ms; the attribute models {attributesMs:F2} ms more");
        output.WriteLine($"the API's own share (HTTP both ways, bus, saga, index, uploads, SQLite): {without - engine:F2} ms without attributes, " +
                         $"{withAll - engine - attributesMs:F2} ms with them");
        output.WriteLine($"ceiling on {Environment.ProcessorCount} cores: {Environment.ProcessorCount * 1000 / withAll:F1} faces/s with gender, age and " +
                         $"emotions; {Environment.ProcessorCount * 1000 / without:F1} faces/s without");
        return 0;
    }
}
