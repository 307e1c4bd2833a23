using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Benchmarks.Index;

/// <summary>The "before" of <see cref="IdentifyBenchmarks"/>: the exact index's float32 scan as it was until the int8 index
/// (main at 0123ab9), on the same synthetic facens: 2 KiB per face in native memory, one shard per core, four rows per pass
/// with four FMA accumulators, every query of a batch against those rows while they are in L1, the best n kept per query.</summary>
public sealed unsafe class Float32Scan : IDisposable
{
    private const int Dimension = SyntheticFaces.Dimension;
    private readonly float* _facens;
    private readonly int _faces;

    /// <summary>The facens of <see cref="SyntheticFaces.Build"/>, face id i + 1 at row i.</summary>
    public Float32Scan(int faces)
    {
        _faces = faces;
        _facens = (float*)NativeMemory.AlignedAlloc((nuint)((long)faces * SyntheticFaces.Float32FacenBytes), 64);
        var random = new Random(SyntheticFaces.Seed);
        for (var row = 0; row < faces; row++)
            SyntheticFaces.Facen(random).CopyTo(new Span<float>(_facens + (long)row * Dimension, Dimension));
    }

    /// <summary>For each query, the ids of the best <paramref name="n"/> faces, best first.</summary>
    public long[][] Search(float[][] queries, int n)
    {
        var shards = Environment.ProcessorCount;
        var best = new Best[shards][];
        Parallel.For(0, shards, shard =>
        {
            var tops = best[shard] = [.. queries.Select(_ => new Best(n))];
            var (from, to) = ((int)((long)_faces * shard / shards), (int)((long)_faces * (shard + 1) / shards));
            for (var row = from; row + 4 <= to; row += 4)
            {
                float* r0 = Row(row), r1 = Row(row + 1), r2 = Row(row + 2), r3 = Row(row + 3);
                for (var q = 0; q < queries.Length; q++)
                    fixed (float* query = queries[q])
                    {
                        var similarities = Dot4(query, r0, r1, r2, r3);
                        if (!Vector128.GreaterThanOrEqualAny(similarities, Vector128.Create(tops[q].Floor)))
                            continue;
                        for (var j = 0; j < 4; j++)
                            tops[q].Offer(similarities[j], row + j + 1);
                    }
            }
        });
        return [.. queries.Select((_, q) => best.SelectMany(shard => shard[q].Kept).OrderByDescending(m => m.Similarity)
            .Take(n).Select(m => m.FaceId).ToArray())];
    }

    public void Dispose() => NativeMemory.AlignedFree(_facens);

    private float* Row(int row) => _facens + (long)row * Dimension;

    private static Vector128<float> Dot4(float* query, float* r0, float* r1, float* r2, float* r3)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var k = 0; k < Dimension; k += Vector256<float>.Count)
        {
            var q = Avx.LoadVector256(query + k);
            a0 = Fma.MultiplyAdd(Avx.LoadVector256(r0 + k), q, a0);
            a1 = Fma.MultiplyAdd(Avx.LoadVector256(r1 + k), q, a1);
            a2 = Fma.MultiplyAdd(Avx.LoadVector256(r2 + k), q, a2);
            a3 = Fma.MultiplyAdd(Avx.LoadVector256(r3 + k), q, a3);
        }
        var sums = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
        return sums.GetLower() + sums.GetUpper();
    }

    /// <summary>The best n seen by a shard, kept sorted: n is small and most rows stop at the floor.</summary>
    private sealed class Best(int n)
    {
        public List<(float Similarity, long FaceId)> Kept { get; } = [];
        public float Floor => Kept.Count < n ? float.MinValue : Kept[^1].Similarity;

        public void Offer(float similarity, long faceId)
        {
            if (similarity < Floor)
                return;
            var at = Kept.FindIndex(kept => kept.Similarity < similarity);
            Kept.Insert(at < 0 ? Kept.Count : at, (similarity, faceId));
            if (Kept.Count > n)
                Kept.RemoveAt(n);
        }
    }
}
