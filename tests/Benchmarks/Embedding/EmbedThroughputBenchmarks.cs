using BenchmarkDotNet.Attributes;
using Benchmarks.Support;
using FaceEngine = TestSupport.FaceEngine;
using Contracts.Detection;
using Contracts.Embedding;
using Vision.Embedding;
using Vision.Imaging;
using Vision.Models;

namespace Benchmarks.Embedding;

/// <summary>Faces per second (Op/s) through the embed stage's facen work: the faces of many photos described at once,
/// so that the model queue batches them, against one face at a time (every inference a batch of 1); the raw runs
/// give ONNX Runtime's own rate at batch 1 and at the queue's largest batch.</summary>
[OperationsPerSecond]
public class EmbedThroughputBenchmarks
{
    private const int Faces = 32;

    private FaceEngine _engine = null!;
    private FaceDescriber _describer = null!;
    private List<DecodedImage> _images = null!;
    private (DecodedImage Image, DetectedFace Face)[] _faces = null!;
    private OnnxModel _model = null!;
    private float[][] _inputs = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _engine = new FaceEngine();
        _describer = _engine.Describer;
        _images = [.. Photos.Groups.Select(name => _engine.Decoder.Decode(Photos.Read(name)))];
        var found = new List<(DecodedImage, DetectedFace)>();
        foreach (var image in _images)
            found.AddRange((await _engine.Detection.FindAsync(image, null, Detectors.Nnd)).Select(face => (image, face)));
        _faces = [.. Enumerable.Range(0, Faces).Select(i => found[i % found.Count])];
        _model = _engine.Models.For("facen");
        _inputs = [.. _faces.Select(f => RawInputs.ForFace(_model, f.Image, f.Face))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Faces, Description = "describe one face at a time")]
    public async Task OneAtATime()
    {
        foreach (var (image, face) in _faces)
            await _describer.DescribeAsync(image, face, FaceAttributes.Facen);
    }

    [Benchmark(OperationsPerInvoke = Faces, Description = "describe all faces at once")]
    public Task<DescribedFace[]> AllAtOnce() =>
        Task.WhenAll(_faces.Select(f => _describer.DescribeAsync(f.Image, f.Face, FaceAttributes.Facen)));

    [Benchmark(OperationsPerInvoke = Faces, Description = "raw: RunBatch of 1")]
    public int RawBatchOfOne() => _inputs.Sum(input => _model.RunBatch([input]).Length);

    [Benchmark(OperationsPerInvoke = Faces, Description = "raw: RunBatch of MaxBatch")]
    public int RawLargestBatch() => _inputs.Chunk(_model.MaxBatch).Sum(batch => _model.RunBatch(batch).Length);

    [GlobalCleanup]
    public void Cleanup()
    {
        _images.ForEach(image => image.Dispose());
        _engine.Dispose();
    }
}
