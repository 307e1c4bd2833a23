using System.Diagnostics;
using Contracts.Index;
using StackExchange.Redis;
using TestSupport;
using Workers.Index;
using Workers.Index.Exact;
using Workers.Index.Redis;

namespace Benchmarks.Index;

/// <summary>Identify over two real Redis 8 shards (<c>-- redis-index [faces] [Q8|NOQUANT]</c>): load rate, Redis memory per
/// face, and per search EF the latency of one query (n=10, default) and its recall@10 against the exact index on the same
/// synthetic facens. Measured in one process rather than by BenchmarkDotNet, which would reload the shards per run.</summary>
public static class RedisIndexReport
{
    public const string Mode = "redis-index";

    private const int Queries = 200;
    private const int BatchSize = 4096;
    private static readonly int[] SearchEfs = [100, 200, 400, 800];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var faces = args.Length > 1 ? int.Parse(args[1]) : 100_000;
        var quantisation = args.Length > 2 ? args[2] : "Q8";
        using var servers = new RedisServers(2);
        var map = ShardMap.Even(servers.Endpoints);
        using var exact = SyntheticFaces.Build(faces);
        var memoryBefore = await UsedMemoryAsync(servers.Endpoints);

        var clock = Stopwatch.StartNew();
        using (var loader = new RedisFaceIndex(new RedisIndexOptions { Quantisation = quantisation }, map))
        {
            var random = new Random(1);
            foreach (var batch in Enumerable.Range(1, faces).Chunk(BatchSize))
                await loader.AddAsync([.. batch.Select(id => new IndexedFacen(id, SyntheticFaces.Facen(random),
                    id % SyntheticFaces.GalleryShare == 0 ? [SyntheticFaces.Gallery] : []))]);
        }
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var perFace = (double)(await UsedMemoryAsync(servers.Endpoints) - memoryBefore) / faces;

        output.WriteLine($"Redis index of {faces:N0} synthetic {SyntheticFaces.Dimension}-d facens on 2 shards, {quantisation} " +
                         $"(a tenth also in gallery {SyntheticFaces.Gallery}, a second vector set):");
        output.WriteLine($"  load: {loadSeconds:F1} s, {faces / loadSeconds:N0} faces/s (VADD in scripts of 32, shards in parallel)");
        output.WriteLine($"  Redis used_memory delta: {perFace:F0} bytes per face, both sets included");

        var queries = QuerySet(exact, faces);
        var truth = queries.Select(query => exact.SearchAsync([query], "default", 10, -1).AsTask().Result[0]).ToList();
        var exactLatencies = queries.Select(query => Time(() => exact.SearchAsync([query], "default", 10, -1).AsTask().Wait())).Order().ToList();
        output.WriteLine($"  exact index, same queries: p50 {Percentile(exactLatencies, 0.5):F2} ms");
        // Recall@10 of random facens counts near-ties among strangers (cosines ~0.15); "own face" is what identify needs:
        // the share of enrolled people's queries whose own face (cosine ~0.9) came back.
        output.WriteLine($"  {"EF",5} {"p50 ms",8} {"p95 ms",8} {"recall@10",10} {"new people",11} {"enrolled",9} {"own face",9}");
        foreach (var ef in SearchEfs)
        {
            using var index = new RedisFaceIndex(new RedisIndexOptions { Quantisation = quantisation, SearchEf = ef }, map);
            var found = new int[queries.Count];
            var own = 0;
            var latencies = new List<double>();
            for (var q = 0; q < queries.Count; q++)
            {
                IReadOnlyList<FacenMatch> matches = [];
                latencies.Add(await TimeAsync(async () => matches = (await index.SearchAsync([queries[q]], "default", 10, -1))[0]));
                found[q] = truth[q].Select(match => match.FaceId).Intersect(matches.Select(match => match.FaceId)).Count();
                if (q >= queries.Count / 2 && matches.Any(match => match.FaceId == truth[q][0].FaceId))
                    own++;
            }
            latencies.Sort();
            var half = queries.Count / 2;
            output.WriteLine($"  {ef,5} {Percentile(latencies, 0.5),8:F2} {Percentile(latencies, 0.95),8:F2} " +
                             $"{found.Sum() / (10.0 * queries.Count),10:F3} {found[..half].Sum() / (10.0 * half),11:F3} {found[half..].Sum() / (10.0 * half),9:F3} {(double)own / half,9:F3}");
        }
        return 0;
    }

    /// <summary>Half new people (random facens), half another photo of an enrolled face (a facen near one indexed).</summary>
    private static List<float[]> QuerySet(ExactFaceIndex exact, int faces)
    {
        var random = new Random(2);
        var newPeople = Enumerable.Range(0, Queries / 2).Select(_ => SyntheticFaces.Facen(random)).ToList();
        var enrolled = new List<float[]>();
        var replay = new Random(1);
        var picks = Enumerable.Range(0, Queries / 2).Select(_ => random.Next(faces)).ToHashSet();
        for (var id = 0; id < faces && enrolled.Count < picks.Count; id++)
        {
            var facen = SyntheticFaces.Facen(replay);
            if (!picks.Contains(id))
                continue;
            var noise = SyntheticFaces.Facen(random);
            enrolled.Add(Normalised([.. facen.Zip(noise, (x, y) => x + 0.5f * y)]));
        }
        GC.KeepAlive(exact);
        return [.. newPeople, .. enrolled];
    }

    private static float[] Normalised(float[] facen)
    {
        var norm = MathF.Sqrt(facen.Sum(x => x * x));
        return [.. facen.Select(x => x / norm)];
    }

    private static async Task<long> UsedMemoryAsync(IEnumerable<string> endpoints)
    {
        var total = 0L;
        foreach (var endpoint in endpoints)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
            var info = (string)(await connection.GetDatabase().ExecuteAsync("INFO", "memory"))!;
            total += long.Parse(info.Split('\n').First(line => line.StartsWith("used_memory:")).Split(':')[1].Trim());
        }
        return total;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> sorted, double fraction) => sorted[(int)Math.Ceiling(fraction * sorted.Count) - 1];
}
