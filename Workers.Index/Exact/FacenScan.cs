using System.Runtime.Intrinsics;
using Contracts.Index;

namespace Workers.Index.Exact;

/// <summary>Exact top-n search: the rows are split into one shard per core, each shard scores every query against four rows
/// at a time while those rows are in L1 (one pass over memory for a batch of queries) and keeps its own heaps, merged at the end.</summary>
internal static unsafe class FacenScan
{
    // A shard smaller than this (8 MiB of 512-d facens) costs more to hand to another thread than to scan in place.
    private const int MinShardRows = 4096;

    public static IReadOnlyList<FacenMatch>[] Search<TRows>(FacenArena arena, TRows rows, IReadOnlyList<float[]> queries, int n,
        float minSimilarity) where TRows : struct, IRowList
    {
        var dimension = arena.Dimension;
        var packed = new float[queries.Count * dimension];
        for (var q = 0; q < queries.Count; q++)
            queries[q].CopyTo(packed, q * dimension);

        var shards = Math.Clamp(rows.Count / MinShardRows, 1, Environment.ProcessorCount);
        var tops = new TopMatches[shards][];
        if (shards == 1)
            tops[0] = Scan(arena, rows, 0, rows.Count, packed, queries.Count, n, minSimilarity);
        else
            Parallel.For(0, shards, shard => tops[shard] = Scan(arena, rows,
                (int)((long)rows.Count * shard / shards), (int)((long)rows.Count * (shard + 1) / shards), packed, queries.Count, n, minSimilarity));
        return [.. Enumerable.Range(0, queries.Count).Select(q => TopMatches.Merge(tops.Select(shard => shard[q]), n))];
    }

    private static TopMatches[] Scan<TRows>(FacenArena arena, TRows rows, int from, int to, float[] packed, int queryCount, int n,
        float minSimilarity) where TRows : struct, IRowList
    {
        var tops = new TopMatches[queryCount];
        for (var q = 0; q < queryCount; q++)
            tops[q] = new TopMatches(Math.Clamp(to - from, 1, n), minSimilarity);
        fixed (float* queries = packed)
        {
            var i = from;
            for (; i + 4 <= to; i += 4)
                Score(arena, Vector128.Create(rows[i], rows[i + 1], rows[i + 2], rows[i + 3]), 4, queries, tops);
            // The last one to three rows fill the block by repeating the last row, whose extra scores are not offered.
            if (i < to)
                Score(arena, Vector128.Create(rows[i], rows[Math.Min(i + 1, to - 1)], rows[Math.Min(i + 2, to - 1)], rows[to - 1]),
                    to - i, queries, tops);
        }
        return tops;
    }

    private static void Score(FacenArena arena, Vector128<int> block, int valid, float* queries, TopMatches[] tops)
    {
        var dimension = arena.Dimension;
        float* r0 = arena.Facen(block[0]), r1 = arena.Facen(block[1]), r2 = arena.Facen(block[2]), r3 = arena.Facen(block[3]);
        for (var q = 0; q < tops.Length; q++)
        {
            var similarities = FacenKernel.Dot4(queries + q * dimension, r0, r1, r2, r3, dimension);
            var top = tops[q];
            if (!Vector128.GreaterThanOrEqualAny(similarities, Vector128.Create(top.Floor)))
                continue;
            for (var j = 0; j < valid; j++)
                top.Offer(similarities[j], arena.FaceId(block[j]));
        }
    }
}

/// <summary>The rows a search reads: every row in order, or a gallery's members.</summary>
internal interface IRowList
{
    int Count { get; }
    int this[int index] { get; }
}

/// <summary>Every row of the arena: gallery "default".</summary>
internal readonly struct AllRows(int count) : IRowList
{
    public int Count => count;
    public int this[int index] => index;
}

/// <summary>The rows of a named gallery's members.</summary>
internal readonly struct MemberRows(Gallery gallery) : IRowList
{
    public int Count => gallery.Count;
    public int this[int index] => gallery.Row(index);
}
