using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Benchmarks.Support;
using FaceEngine = TestSupport.FaceEngine;
using Contracts.Detection;
using Contracts.Embedding;
using SkiaSharp;
using Vision.Alignment;
using Vision.Attributes;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;
using Vision.Models;

namespace Benchmarks.FaceModels;

/// <summary>Milliseconds per face for each model that runs on a detected face: ONNX Runtime alone on a prepared input
/// (the baseline of its category), next to the engine's call that crops or aligns, fills the input, runs the model
/// through its queue and reads the output.</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FaceModelBenchmarks
{
    private const int Batch = 8;

    private FaceEngine _engine = null!;
    private DecodedImage _image = null!;
    private DetectedFace _face = null!;
    private SKRect _box;
    private Dictionary<string, (OnnxModel Model, float[] Input)> _raw = null!;
    private LandmarkModel _landmarks = null!;
    private FacenModel _facen = null!;
    private GenderAgeModel _genderAge = null!;
    private EmotionModel _emotions = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _engine = new FaceEngine();
        _image = _engine.Decoder.Decode(Photos.Read(Photos.Portrait));
        _face = (await _engine.Detection.FindAsync(_image, null, Detectors.Nnd)).Single();
        _box = _face.Box.ToRect();
        _raw = new[] { "landmarks", "facen", "gender-age", "emotions" }.ToDictionary(task => task, task =>
        {
            var model = _engine.Models.For(task);
            return (model, RawInputs.ForFace(model, _image, _face));
        });
        _landmarks = _engine.Get<LandmarkModel>();
        _facen = _engine.Get<FacenModel>();
        _genderAge = _engine.Get<GenderAgeModel>();
        _emotions = _engine.Get<EmotionModel>();
    }

    [BenchmarkCategory("landmarks"), Benchmark(Baseline = true)]
    public float[][][] LandmarksRaw() => Raw("landmarks");

    [BenchmarkCategory("landmarks"), Benchmark]
    public Task<float[]> LandmarksEngine() => _landmarks.FivePointsAsync(_image, _box);

    [BenchmarkCategory("facen batch 1"), Benchmark(Baseline = true)]
    public float[][][] FacenRaw() => Raw("facen");

    [BenchmarkCategory("facen batch 1"), Benchmark]
    public async Task<float[]> FacenEngine()
    {
        using var aligned = FaceAligner.Align(_image, _face.Landmarks);
        return await _facen.ExtractAsync(aligned);
    }

    [BenchmarkCategory("facen batch 8"), Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public float[][][] FacenRawBatch() => Raw("facen", Batch);

    /// <summary>Eight faces at once, as the embed stage describes the faces of a photo: the queue batches what has arrived.</summary>
    [BenchmarkCategory("facen batch 8"), Benchmark(OperationsPerInvoke = Batch)]
    public Task<float[][]> FacenEngineBatch() => Task.WhenAll(Enumerable.Range(0, Batch).Select(_ => FacenEngine()));

    [BenchmarkCategory("gender + age"), Benchmark(Baseline = true)]
    public float[][][] GenderAgeRaw() => Raw("gender-age");

    [BenchmarkCategory("gender + age"), Benchmark]
    public Task<(GenderEstimate Gender, float Age)> GenderAgeEngine() => _genderAge.EstimateAsync(_image, _box);

    [BenchmarkCategory("emotions"), Benchmark(Baseline = true)]
    public float[][][] EmotionsRaw() => Raw("emotions");

    [BenchmarkCategory("emotions"), Benchmark]
    public Task<IReadOnlyList<EmotionScore>> EmotionsEngine() => _emotions.EstimateAsync(_image, _box);

    [GlobalCleanup]
    public void Cleanup()
    {
        _image.Dispose();
        _engine.Dispose();
    }

    private float[][][] Raw(string task, int batch = 1) => _raw[task].Model.RunBatch([.. Enumerable.Repeat(_raw[task].Input, batch)]);
}
