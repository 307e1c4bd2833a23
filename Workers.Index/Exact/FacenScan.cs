using Contracts.Index;

namespace Workers.Index.Exact;

/// <summary>Exact top-n search in two passes. The scan: rows are split into one shard per core, each shard reads its rows front to
/// back and scores every query against a row while it is in L1 (one pass over memory for a batch of queries), and keeps per
/// query a top-n heap of lower bounds and the rows whose upper bound still reaches that heap's floor. The re-ranking: the
/// candidates whose upper bound reaches the n-th best lower bound of all shards are scored in float32 from their exact facens.
/// Every row of the float32 top n is among them (<see cref="Int8Facens"/>), so the answer is the float32 answer.</summary>
internal static unsafe class FacenScan
{
    // A shard smaller than this (2 MiB of 512-d int8 facens) costs more to hand to another thread than to scan in place.
    private const int MinShardRows = 4096;

    public static IReadOnlyList<FacenMatch>[] Search<TRows>(FacenArena arena, TRows rows, IReadOnlyList<float[]> queries, int n,
        float minSimilarity) where TRows : struct, IRowList
    {
        var stride = arena.Stride;
        var quantised = queries.Select(query => new QuantisedQuery(query, stride)).ToArray();
        var magnitudes = new byte[queries.Count * stride];
        var signs = new sbyte[queries.Count * stride];
        for (var q = 0; q < quantised.Length; q++)
        {
            quantised[q].Magnitudes.CopyTo(magnitudes, q * stride);
            quantised[q].Signs.CopyTo(signs, q * stride);
        }

        var shards = Math.Clamp(rows.Count / MinShardRows, 1, Environment.ProcessorCount);
        var scans = new ShardScan[shards];
        if (shards == 1)
            scans[0] = Scan(arena, rows, 0, rows.Count, quantised, magnitudes, signs, n, minSimilarity);
        else
            Parallel.For(0, shards, shard => scans[shard] = Scan(arena, rows, (int)((long)rows.Count * shard / shards),
                (int)((long)rows.Count * (shard + 1) / shards), quantised, magnitudes, signs, n, minSimilarity));
        return [.. Enumerable.Range(0, queries.Count).Select(q => Rerank(arena, queries[q], scans, q, n, minSimilarity))];
    }

    /// <summary>The float32 top n of one query among the candidates whose upper bound reaches the n-th best lower bound.</summary>
    private static FacenMatch[] Rerank(FacenArena arena, float[] query, ShardScan[] scans, int q, int n, float minSimilarity)
    {
        var lowest = TopMatches.Merge(scans.Select(scan => scan.Lowers[q]), n);
        var cut = lowest.Length == n ? lowest[^1].Similarity : minSimilarity;
        var candidates = scans.SelectMany(scan => scan.Candidates[q]).Where(candidate => candidate.Upper >= cut).ToList();
        var top = new TopMatches(Math.Clamp(candidates.Count, 1, n), minSimilarity);
        var facen = new float[arena.Dimension];
        foreach (var candidate in candidates)
        {
            arena.ReadFacen(candidate.Row, facen);
            top.Offer(FacenKernel.Dot(query, facen), arena.FaceId(candidate.Row));
        }
        return TopMatches.Merge([top], n);
    }

    private static ShardScan Scan<TRows>(FacenArena arena, TRows rows, int from, int to, QuantisedQuery[] queries, byte[] magnitudes,
        sbyte[] signs, int n, float minSimilarity) where TRows : struct, IRowList
    {
        var scan = new ShardScan(queries.Length, Math.Clamp(to - from, 1, n), minSimilarity);
        var stride = arena.Stride;
        fixed (byte* magnitudesOfAll = magnitudes)
        fixed (sbyte* signsOfAll = signs)
            for (var i = from; i < to; i++)
            {
                var row = rows[i];
                var values = arena.Values(row);
                ref readonly var bounds = ref arena.Bounds(row);
                // Every query against the row while it is in L1: one pass over memory for a batch.
                for (var q = 0; q < queries.Length; q++)
                {
                    var query = queries[q];
                    var similarity = FacenKernel.Dot(magnitudesOfAll + q * stride, signsOfAll + q * stride, values, stride) * bounds.Scale * query.Scale;
                    var margin = bounds.ErrorNorm * query.ErrorWeight + bounds.Norm * query.NormWeight;
                    var (upper, lowers) = (similarity + margin, scan.Lowers[q]);
                    if (upper < lowers.Floor)
                        continue;
                    scan.Candidates[q].Add(new Candidate(row, upper));
                    lowers.Offer(similarity - margin, arena.FaceId(row));
                }
            }
        return scan;
    }

    /// <summary>What one shard's scan keeps per query: the n best lower bounds, and the rows that may still be in the top n.</summary>
    private sealed class ShardScan
    {
        public ShardScan(int queries, int capacity, float minSimilarity)
        {
            Lowers = [.. Enumerable.Range(0, queries).Select(_ => new TopMatches(capacity, minSimilarity))];
            Candidates = [.. Enumerable.Range(0, queries).Select(_ => new List<Candidate>())];
        }

        public TopMatches[] Lowers { get; }
        public List<Candidate>[] Candidates { get; }
    }

    private readonly record struct Candidate(int Row, float Upper);
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
