using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Contracts.Index;
using Workers.Index;
using Workers.Index.Exact;

namespace Benchmarks.Index;

/// <summary>Exact identify over synthetic galleries: one random query (its top 10 lie in a crowded tail, the int8 bounds'
/// worst case), another photo of an enrolled face (identify's usual case), a batch of four in one pass, and a gallery of a
/// tenth of the faces; beside them the float32 scan the index did before (<see cref="Float32Scan"/>). The GB/s column is facen
/// bytes scanned per second, to set against <see cref="ArenaCopyBenchmarks"/>.</summary>
[Config(typeof(ScanRateConfig))]
public class IdentifyBenchmarks
{
    private const int N = 10;
    private ExactFaceIndex _index = null!;
    private Float32Scan _before = null!;
    private float[][] _queries = null!;
    private float[] _anotherPhoto = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Faces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticFaces.Build(Faces);
        _before = new Float32Scan(Faces);
        var random = new Random(2);
        _queries = [.. Enumerable.Range(0, 4).Select(_ => SyntheticFaces.Facen(random))];
        _anotherPhoto = new UniformFacens().AnotherPhoto(Faces / 2, query: 0);
        // The same faces, best first, or the comparison means nothing.
        var after = Search(_queries, GalleryNames.Default).Select(matches => matches.Select(match => match.FaceId));
        if (!after.Zip(_before.Search(_queries, N)).All(pair => pair.First.SequenceEqual(pair.Second)))
            throw new InvalidOperationException("The int8 index and the float32 scan disagree.");
    }

    [Benchmark(Baseline = true, Description = "before, float32 scan: 1 query, n=10, default"), BenchmarkCategory(ScanRateColumn.AllRows, ScanRateColumn.Float32)]
    public long[][] Float32Identify() => _before.Search([_queries[0]], N);

    [Benchmark(Description = "before, float32 scan: 4 queries, n=10, default"), BenchmarkCategory(ScanRateColumn.AllRows, ScanRateColumn.Float32)]
    public long[][] Float32IdentifyFour() => _before.Search(_queries, N);

    [Benchmark(Description = "int8 + re-rank: 1 query, n=10, default"), BenchmarkCategory(ScanRateColumn.AllRows)]
    public IReadOnlyList<IReadOnlyList<FacenMatch>> Identify() => Search([_queries[0]], GalleryNames.Default);

    [Benchmark(Description = "int8 + re-rank: another photo of a face, n=10, default"), BenchmarkCategory(ScanRateColumn.AllRows)]
    public IReadOnlyList<IReadOnlyList<FacenMatch>> IdentifyEnrolled() => Search([_anotherPhoto], GalleryNames.Default);

    [Benchmark(Description = "int8 + re-rank: 4 queries, n=10, default"), BenchmarkCategory(ScanRateColumn.AllRows)]
    public IReadOnlyList<IReadOnlyList<FacenMatch>> IdentifyFour() => Search(_queries, GalleryNames.Default);

    [Benchmark(Description = "int8 + re-rank: 1 query, n=10, a tenth's gallery"), BenchmarkCategory(ScanRateColumn.TenthOfRows)]
    public IReadOnlyList<IReadOnlyList<FacenMatch>> IdentifyInGallery() => Search([_queries[0]], SyntheticFaces.Gallery);

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _before.Dispose();
    }

    private IReadOnlyList<IReadOnlyList<FacenMatch>> Search(float[][] queries, string gallery) =>
        _index.SearchAsync(queries, gallery, N, -1).AsTask().GetAwaiter().GetResult();

    private sealed class ScanRateConfig : ManualConfig
    {
        public ScanRateConfig() => AddColumn(new ScanRateColumn());
    }
}
