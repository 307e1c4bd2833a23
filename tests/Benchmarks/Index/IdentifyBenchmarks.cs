using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Contracts.Index;
using Workers.Index;
using Workers.Index.Exact;

namespace Benchmarks.Index;

/// <summary>Exact identify over synthetic galleries: one query, a batch of four in one pass, and a gallery of a tenth of the
/// faces; the GB/s column is facen bytes scanned per second, to set against <see cref="ArenaCopyBenchmarks"/>.</summary>
[Config(typeof(ScanRateConfig))]
public class IdentifyBenchmarks
{
    private ExactFaceIndex _index = null!;
    private float[][] _queries = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Faces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticFaces.Build(Faces);
        var random = new Random(2);
        _queries = [.. Enumerable.Range(0, 4).Select(_ => SyntheticFaces.Facen(random))];
    }

    [Benchmark(Baseline = true, Description = "identify: 1 query, n=10, default"), BenchmarkCategory(ScanRateColumn.AllRows)]
    public IReadOnlyList<IReadOnlyList<FacenMatch>> Identify() => Search([_queries[0]], "default");

    [Benchmark(Description = "identify: 4 queries, n=10, default"), BenchmarkCategory(ScanRateColumn.AllRows)]
    public IReadOnlyList<IReadOnlyList<FacenMatch>> IdentifyFour() => Search(_queries, "default");

    [Benchmark(Description = "identify: 1 query, n=10, a tenth's gallery"), BenchmarkCategory(ScanRateColumn.TenthOfRows)]
    public IReadOnlyList<IReadOnlyList<FacenMatch>> IdentifyInGallery() => Search([_queries[0]], SyntheticFaces.Gallery);

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    private IReadOnlyList<IReadOnlyList<FacenMatch>> Search(float[][] queries, string gallery) =>
        _index.SearchAsync(queries, gallery, 10, -1).AsTask().GetAwaiter().GetResult();

    private sealed class ScanRateConfig : ManualConfig
    {
        public ScanRateConfig() => AddColumn(new ScanRateColumn());
    }
}
