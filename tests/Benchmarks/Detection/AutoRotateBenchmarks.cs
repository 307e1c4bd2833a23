using BenchmarkDotNet.Attributes;
using Benchmarks.Support;
using Contracts.Detection;
using FaceEngine = TestSupport.FaceEngine;

namespace Benchmarks.Detection;

/// <summary>Milliseconds per image to find the faces with auto_rotate: the portrait upright (one pass) and turned
/// 90 degrees clockwise (the upright pass finds nothing, then three turned passes).</summary>
public class AutoRotateBenchmarks
{
    private FaceEngine _engine = null!;
    private byte[] _photo = null!;

    [Params(false, true)]
    public bool Sideways { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new FaceEngine();
        var portrait = Photos.Read(Photos.Portrait);
        _photo = Sideways ? TestSupport.PhotoEdits.TurnClockwise(portrait) : portrait;
    }

    [Benchmark(Description = "decode + detect with auto_rotate")]
    public async Task<int> Detect()
    {
        using var image = _engine.Decoder.Decode(_photo);
        return (await _engine.Detection.FindAsync(image, null, Detectors.Nnd, autoRotate: true)).Count;
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();
}
