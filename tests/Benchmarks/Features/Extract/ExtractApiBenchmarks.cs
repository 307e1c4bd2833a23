using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Benchmarks.Support;
using Contracts.Detection;
using Microsoft.Extensions.DependencyInjection;
using Vision.Detection;
using Vision.Imaging;
using Vision.Models;

namespace Benchmarks.Features.Extract;

/// <summary>One portrait through <c>POST /v1/extract</c> with need_facen, over HTTP to the whole standalone app, against
/// ONNX Runtime alone running the models of that request on the same inputs in the same app. The API's row of the
/// "Mean / raw total" column is its cost over ONNX Runtime's (target: 1.2 or less).</summary>
/// <remarks>Each model's raw time is measured on its own, so that the raw total is the models' own cost: sessions that
/// take turns on the same cores can slow each other down (worker threads spinning after a run nearly tripled it on 2 cores).</remarks>
[Config(typeof(Columns))]
public class ExtractApiBenchmarks
{
    private const string Request = """{"requests": [{"image": "multipart:photo", "need_facen": true}]}""";

    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;
    private byte[] _photo = null!;
    private (OnnxModel Model, float[][] Inputs) _detector, _landmarks, _facen;

    [GlobalSetup]
    public async Task Setup()
    {
        _gateway = new GatewayHost();
        _client = _gateway.CreateAuthorizedClient();
        _photo = Photos.Read(Photos.Portrait);

        // Checks the answer once, outside the measurements.
        using var answer = JsonDocument.Parse(await Api());
        var faces = answer.RootElement.GetProperty("responses")[0].GetProperty("faces");
        if (faces.GetArrayLength() != 1 || !faces[0].TryGetProperty("facen", out _))
            throw new InvalidOperationException($"Expected one face with a facen, got {answer.RootElement}.");

        var services = _gateway.Services;
        var catalog = services.GetRequiredService<ModelCatalog>();
        using var image = services.GetRequiredService<ImageDecoder>().Decode(_photo);
        var detected = await services.GetRequiredService<FaceDetection>().FindAsync(image, null, Detectors.Nnd);
        var detector = catalog.For("detector");
        _detector = (detector, RawInputs.ForDetector(services.GetRequiredService<UltraFaceDetector>(), detector, image));
        _landmarks = ForEveryFace(catalog.For("landmarks"));
        _facen = ForEveryFace(catalog.For("facen"));

        (OnnxModel, float[][]) ForEveryFace(OnnxModel model) => (model, [.. detected.Select(face => RawInputs.ForFace(model, image, face))]);
    }

    [BenchmarkCategory(RawTotalColumn.RawCategory), Benchmark(Description = "raw: detector, every tile")]
    public float[][][] RawDetector() => _detector.Model.RunBatch(_detector.Inputs);

    [BenchmarkCategory(RawTotalColumn.RawCategory), Benchmark(Description = "raw: landmarks, every face")]
    public float[][][] RawLandmarks() => _landmarks.Model.RunBatch(_landmarks.Inputs);

    [BenchmarkCategory(RawTotalColumn.RawCategory), Benchmark(Description = "raw: facen, every face")]
    public float[][][] RawFacen() => _facen.Model.RunBatch(_facen.Inputs);

    [Benchmark(Description = "POST /v1/extract need_facen")]
    public async Task<byte[]> Api()
    {
        using var response = await _client.PostAsync("/v1/extract", GatewayHost.Extract(Request, ("photo", _photo)));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new RawTotalColumn());
    }
}
