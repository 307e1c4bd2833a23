using System.Diagnostics;
using System.Numerics.Tensors;
using Benchmarks.Support;
using Contracts.Index;
using StackExchange.Redis;
using TestSupport;
using Workers.Index;
using Workers.Index.Exact;
using Workers.Index.Redis;

namespace Benchmarks.Index;

/// <summary>Identify over two real Redis 8 shards: load rate, Redis memory per face, and per search EF the latency of one
/// query (n=10, default) and its recall@10 against the exact index on the same synthetic facens. Measured in one process
/// rather than by BenchmarkDotNet, which would reload the shards per run.</summary>
/// <remarks><c>-- redis-index [faces] [data=random|people] [quant=Q8|NOQUANT|BIN] [m=16] [build-ef=200]
/// [efs=100,200,400,800] [shards=host:port,host:port]</c>. Without shards the report starts two temporary servers; with
/// them (<c>scripts/redis.sh start 6391 6392</c>) it loads only the faces they do not hold yet, so that a load of a
/// million faces serves several runs and a load stopped half way goes on.</remarks>
public static class RedisIndexReport
{
    public const string Mode = "redis-index";

    private const int Queries = 200;
    private const int BatchSize = 4096;
    private const int ExactTimings = 20;

    // What identify returned at its default threshold (confidence 0.75) when docs/cluster-performance.md was measured: cosine
    // 0.502 (0.438 since the LFW calibration, MODELS.md); kept so that reruns compare with those figures.
    private const float DefaultThresholdCosine = 0.502f;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var faces = args.Length > 1 && int.TryParse(args[1], out var count) ? count : 100_000;
        var settings = args.Skip(1).Where(arg => arg.Contains('=')).Select(arg => arg.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        string Setting(string name, string fallback) => settings.GetValueOrDefault(name, fallback);
        var data = SyntheticFacens.Named(Setting("data", "random"));
        var options = new RedisIndexOptions
        {
            Quantisation = Setting("quant", "Q8"), M = int.Parse(Setting("m", "16")), BuildEf = int.Parse(Setting("build-ef", "200")),
        };
        int[] searchEfs = [.. Setting("efs", "100,200,400,800").Split(',').Select(int.Parse)];

        using var servers = settings.ContainsKey("shards") ? null : new RedisServers(2);
        var endpoints = servers?.Endpoints ?? Setting("shards", "").Split(',');
        var map = ShardMap.Even(endpoints);
        output.WriteLine($"Redis index of {faces:N0} synthetic {SyntheticFaces.Dimension}-d facens ({data.Describe}) on 2 shards, " +
                         $"{options.Quantisation}, M {options.M}, build EF {options.BuildEf} (a tenth also in gallery {SyntheticFaces.Gallery}, a second vector set):");
        WriteSimilarities(data, faces, output);

        using var exact = new ExactFaceIndex();
        foreach (var batch in Enumerable.Range(1, faces).Chunk(BatchSize))
            await exact.AddAsync(Faces(data, batch));

        // Faces go in by whole batches in id order, so shards that hold some hold every batch before the last one begun.
        var loaded = (int)await SumAsync(endpoints, async database => (long)await database.ExecuteAsync("VCARD", "facen:default"));
        if (loaded > faces)
            throw new InvalidOperationException($"The shards hold {loaded} faces, more than {faces}.");
        if (loaded > 0)
            output.WriteLine($"  shards {string.Join(", ", endpoints)} hold {loaded:N0} faces: " +
                             (loaded == faces ? "not loaded again" : "the load goes on from the last whole batch"));
        if (loaded < faces)
            await LoadAsync(data, loaded / BatchSize * BatchSize + 1, faces, options, map, endpoints, output);
        output.WriteLine($"  Redis used_memory of both servers: {(double)await UsedMemoryAsync(endpoints) / faces:F0} bytes per face " +
                         "(an empty server uses about 1 MB)");

        var queries = Enumerable.Range(0, Queries / 2).Select(data.NewPerson).Concat(Enumerable.Range(0, Queries / 2)
            .Select(q => data.AnotherPhoto(1 + new Random(q).Next(faces), q))).ToList();
        var truth = new List<IReadOnlyList<FacenMatch>>();
        foreach (var chunk in queries.Chunk(16))
            truth.AddRange(await exact.SearchAsync(chunk, "default", 10, -1));
        var above = truth.Sum(matches => matches.Count(match => match.Similarity >= DefaultThresholdCosine));
        output.WriteLine($"  true top-10 matches at or above cosine {DefaultThresholdCosine}: {above} in {Queries} queries");
        var exactLatencies = new List<double>();
        foreach (var query in queries.Take(ExactTimings))
            exactLatencies.Add(await TimeAsync(async () => await exact.SearchAsync([query], "default", 10, -1)));
        exactLatencies.Sort();
        output.WriteLine($"  exact index, {ExactTimings} of the queries one by one: p50 {Percentile.Of(exactLatencies, 0.5):F1} ms");
        // Recall@10 counts the true top 10 found, strangers included; "own face" is what identify needs: the share of
        // enrolled people's queries whose best exact match (their own photo) came back.
        // "above threshold": the share of the true top 10 at or above the default threshold that came back.
        output.WriteLine($"  {"EF",5} {"p50 ms",8} {"p95 ms",8} {"recall@10",10} {"new people",11} {"enrolled",9} {"own face",9} {"above threshold",16}");
        foreach (var ef in searchEfs)
        {
            using var index = new RedisFaceIndex(new RedisIndexOptions { Quantisation = options.Quantisation, SearchEf = ef }, map);
            var found = new int[queries.Count];
            var (own, aboveFound) = (0, 0);
            var latencies = new List<double>();
            for (var q = 0; q < queries.Count; q++)
            {
                IReadOnlyList<FacenMatch> matches = [];
                latencies.Add(await TimeAsync(async () => matches = (await index.SearchAsync([queries[q]], "default", 10, -1))[0]));
                found[q] = truth[q].Select(match => match.FaceId).Intersect(matches.Select(match => match.FaceId)).Count();
                if (q >= queries.Count / 2 && matches.Any(match => match.FaceId == truth[q][0].FaceId))
                    own++;
                aboveFound += truth[q].Where(match => match.Similarity >= DefaultThresholdCosine).Select(match => match.FaceId)
                    .Intersect(matches.Select(match => match.FaceId)).Count();
            }
            latencies.Sort();
            var half = queries.Count / 2;
            output.WriteLine($"  {ef,5} {Percentile.Of(latencies, 0.5),8:F2} {Percentile.Of(latencies, 0.95),8:F2} " +
                             $"{found.Sum() / (10.0 * queries.Count),10:F3} {found[..half].Sum() / (10.0 * half),11:F3} {found[half..].Sum() / (10.0 * half),9:F3} {(double)own / half,9:F3} " +
                             $"{(double)aboveFound / Math.Max(1, above),16:F3}");
        }
        return 0;
    }

    private static async Task LoadAsync(SyntheticFacens data, int first, int faces, RedisIndexOptions options, ShardMap map,
        IReadOnlyList<string> endpoints, TextWriter output)
    {
        var memoryBefore = await UsedMemoryAsync(endpoints);
        var clock = Stopwatch.StartNew();
        using (var loader = new RedisFaceIndex(options, map))
            foreach (var batch in Enumerable.Range(first, faces - first + 1).Chunk(BatchSize))
                await loader.AddAsync(Faces(data, batch));
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var added = faces - first + 1;
        var perFace = (double)(await UsedMemoryAsync(endpoints) - memoryBefore) / added;
        output.WriteLine($"  load of faces {first:N0} to {faces:N0}: {loadSeconds:F1} s, {added / loadSeconds:N0} faces/s " +
                         "(VADD in scripts of 32, shards in parallel)");
        output.WriteLine($"  Redis used_memory delta: {perFace:F0} bytes per face added, both sets included");
    }

    private static IndexedFacen[] Faces(SyntheticFacens data, int[] ids)
    {
        var faces = new IndexedFacen[ids.Length];
        Parallel.For(0, ids.Length, i => faces[i] = new IndexedFacen(ids[i], data.Facen(ids[i]),
            ids[i] % SyntheticFaces.GalleryShare == 0 ? [SyntheticFaces.Gallery] : []));
        return faces;
    }

    /// <summary>Cosines of 2,000 pairs of different people's faces and of 2,000 photos of one person, to compare with the
    /// model's in MODELS.md.</summary>
    private static void WriteSimilarities(SyntheticFacens data, int faces, TextWriter output)
    {
        var random = new Random(3);
        var different = new List<float>();
        var same = new List<float>();
        for (var pair = 0; pair < 2_000; pair++)
        {
            int a = 1 + random.Next(faces), b = 1 + random.Next(faces);
            different.Add(TensorPrimitives.Dot(data.Facen(a), data.NewPerson(b)));
            same.Add(TensorPrimitives.Dot(data.Facen(a), data.AnotherPhoto(a, 1_000 + pair)));
        }
        static string Describe(List<float> cosines)
        {
            var mean = cosines.Average();
            var std = Math.Sqrt(cosines.Average(c => (c - mean) * (c - mean)));
            cosines.Sort();
            return $"mean {mean:F3}, std {std:F3}, median {cosines[cosines.Count / 2]:F3}, 99th pct {cosines[cosines.Count * 99 / 100]:F3}";
        }
        output.WriteLine($"  cosine of different people: {Describe(different)}; another photo of one person: {Describe(same)}");
    }

    private static Task<long> UsedMemoryAsync(IEnumerable<string> endpoints) => SumAsync(endpoints, async database =>
    {
        var info = (string)(await database.ExecuteAsync("INFO", "memory"))!;
        return long.Parse(info.Split('\n').First(line => line.StartsWith("used_memory:")).Split(':')[1].Trim());
    });

    private static async Task<long> SumAsync(IEnumerable<string> endpoints, Func<IDatabase, Task<long>> measure)
    {
        var total = 0L;
        foreach (var endpoint in endpoints)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
            total += await measure(connection.GetDatabase());
        }
        return total;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

}
