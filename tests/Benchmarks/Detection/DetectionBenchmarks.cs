using BenchmarkDotNet.Attributes;
using Benchmarks.Support;
using FaceEngine = TestSupport.FaceEngine;
using SkiaSharp;
using Vision.Detection;
using Vision.Models;

namespace Benchmarks.Detection;

/// <summary>Milliseconds per image to find the face boxes: ONNX Runtime alone, and the engine's whole work for it.</summary>
public class DetectionBenchmarks
{
    private FaceEngine _engine = null!;
    private OnnxModel _model = null!;
    private UltraFaceDetector _detector = null!;
    private byte[] _photo = null!;
    private float[][] _tiles = null!;

    [Params(Photos.Portrait, Photos.Group)]
    public string Photo { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _engine = new FaceEngine();
        _model = _engine.Models.For("detector");
        _detector = _engine.Detector;
        _photo = Photos.Read(Photo);
        using var image = _engine.Decoder.Decode(_photo);
        _tiles = RawInputs.ForDetector(_detector, _model, image);
    }

    [Benchmark(Baseline = true, Description = "raw: tiles in one RunBatch")]
    public float[][][] Raw() => _model.RunBatch(_tiles);

    [Benchmark(Description = "engine: decode + tiles + infer + boxes")]
    public async Task<int> Engine()
    {
        using var image = _engine.Decoder.Decode(_photo);
        return (await _detector.DetectAsync(image, new SKRectI(0, 0, image.Width, image.Height))).Count;
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();
}
