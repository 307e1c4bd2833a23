using System.Diagnostics;
using System.Numerics.Tensors;
using Benchmarks.Support;
using Contracts.Index;
using StackExchange.Redis;
using TestSupport;
using Workers.Index;
using Workers.Index.Exact;
using Workers.Index.Maintenance;
using Workers.Index.Redis;

namespace Benchmarks.Index;

/// <summary>Identify over two real Redis 8 shards: load rate, Redis memory per face, and per search EF the latency of one
/// query (n=10, default) and its recall@10 against the exact index on the same synthetic facens. Measured in one process
/// rather than by BenchmarkDotNet, which would reload the shards per run.</summary>
/// <remarks><c>-- redis-index [faces] [data=random|people] [quant=Q8|NOQUANT|BIN] [m=16] [build-ef=200]
/// [efs=100,200,400,800] [shards=host:port,host:port] [real=FILE]</c>. With <c>real</c> (tests/Calibration <c>gallery lfw</c>'s
/// output) the real model's facens of LFW photos and their edited copies join the gallery after the synthetic faces, and
/// 200 of its people's held-out photos are asked: the mated-face recall, which leads the table, is the share of them whose own
/// other photo comes back above the default threshold (of those whose exact search finds one there). Without shards the report starts two temporary servers; with
/// them (<c>scripts/redis.sh start 6391 6392</c>) it loads only the faces they do not hold yet, so that a load of a
/// million faces serves several runs and a load stopped half way goes on.</remarks>
public static class RedisIndexReport
{
    public const string Mode = "redis-index";

    private const int Queries = 200;
    private const int BatchSize = 4096;
    private const int ExactTimings = 20;
    private static readonly TimeSpan ReshardBaseline = TimeSpan.FromSeconds(20);

    // What identify returned at its default threshold (confidence 0.75) when docs/cluster-performance.md was measured: cosine
    // 0.502 (0.438 since the LFW calibration, MODELS.md); kept so that reruns compare with those figures.
    private const float DefaultThresholdCosine = 0.502f;

    // The real model's cosine at the default identify threshold (confidence 0.75), MODELS.md "Confidence calibration": what a
    // real person's query must reach to be returned.
    private const float RealDefaultThresholdCosine = 0.4377f;

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

        var real = settings.TryGetValue("real", out var realPath) ? RealFaces.Read(realPath, Queries) : null;
        var synthetic = faces;
        if (real is not null)
        {
            faces += real.Gallery.Count;
            output.WriteLine($"  and {real.Gallery.Count:N0} real faces (LFW photos and edited copies, ids {synthetic + 1:N0}-{faces:N0}), " +
                             $"{real.Queries.Count} held-out photos of their people asked");
        }
        IndexedFacen[] Faces(int[] ids) => [.. ids.Select(id => id <= synthetic ? RedisIndexReport.Faces(data, [id])[0]
            : new IndexedFacen(id, real!.Gallery[id - synthetic - 1].Facen, []))];

        using var exact = new ExactFaceIndex();
        foreach (var batch in Enumerable.Range(1, faces).Chunk(BatchSize))
            await exact.AddAsync(Faces(batch));

        // Faces go in by whole batches in id order, so shards that hold some hold every batch before the last one begun.
        var loaded = (int)await SumAsync(endpoints, async database => (long)await database.ExecuteAsync("VCARD", "facen:default"));
        if (loaded > faces)
            throw new InvalidOperationException($"The shards hold {loaded} faces, more than {faces}.");
        if (loaded > 0)
            output.WriteLine($"  shards {string.Join(", ", endpoints)} hold {loaded:N0} faces: " +
                             (loaded == faces ? "not loaded again" : "the load goes on from the last whole batch"));
        if (loaded < faces)
            await LoadAsync(Faces, loaded / BatchSize * BatchSize + 1, faces, options, map, endpoints, output);
        output.WriteLine($"  Redis used_memory of both servers: {(double)await UsedMemoryAsync(endpoints) / faces:F0} bytes per face " +
                         "(an empty server uses about 1 MB)");

        var queries = Enumerable.Range(0, Queries / 2).Select(data.NewPerson).Concat(Enumerable.Range(0, Queries / 2)
            .Select(q => data.AnotherPhoto(1 + new Random(q).Next(synthetic), q))).ToList();
        // Mated faces of each real query: its person's faces in the gallery at or above the default threshold, exactly.
        var personOf = real is null ? null : real.Gallery.Select((face, i) => (Id: (long)(synthetic + 1 + i), face.Person))
            .ToDictionary(face => face.Id, face => face.Person);
        var mated = new List<HashSet<long>>();
        foreach (var (person, facen) in real?.Queries ?? [])
            mated.Add([.. (await exact.SearchAsync([facen], "default", 10, RealDefaultThresholdCosine))[0]
                .Where(match => personOf!.GetValueOrDefault(match.FaceId) == person).Select(match => match.FaceId)]);
        var findable = mated.Count(faces => faces.Count > 0);
        if (real is not null)
            output.WriteLine($"  real queries whose own other photo the exact search finds at or above cosine {RealDefaultThresholdCosine}: " +
                             $"{findable} of {mated.Count} (the model's own limit; the mated-face recall below is the share of these found)");
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
        output.WriteLine($"  {"EF",5} {"mated",6} {"p50 ms",8} {"p95 ms",8} {"recall@10",10} {"new people",11} {"enrolled",9} {"own face",9} {"above threshold",16}");
        // Then the exact path two ways: Redis scoring every face of a shard's gallery set (VSIM TRUTH), and this worker's int8
        // copies of the shards (ShardCopy), replaying an empty change feed before each search. Last, the highest EF and the copies
        // while another worker enrolls (faces added again, 32 per script; "+w"): each search waits for the shard's script in
        // progress, and a copy first replays what changed.
        var paths = searchEfs.Select(ef => (Name: ef.ToString(), Ef: ef, Copy: false, Writes: false))
            .Append(("truth", 0, false, false)).Append(("copy", 0, true, false))
            .Append(($"{searchEfs.Max()}+w", searchEfs.Max(), false, true)).Append(("copy+w", 0, true, true));
        foreach (var (name, ef, copy, writes) in paths)
        {
            using var index = new RedisFaceIndex(new RedisIndexOptions
            {
                Quantisation = options.Quantisation, SearchEf = Math.Max(ef, 10), Search = ef == 0 ? SearchModes.Exact : SearchModes.Hnsw,
                ExactCopy = copy,
            }, map);
            if (copy && !writes)
                await WriteCopiesLoadAsync(index, output);
            else if (copy)
                await index.LoadShardCopiesAsync();
            using var stop = new CancellationTokenSource();
            var enrolling = writes ? EnrollAgainAsync(map, options, Faces, faces, stop.Token) : Task.FromResult(0);
            var matedFound = 0;
            for (var q = 0; q < mated.Count; q++)
            {
                var (_, facen) = real!.Queries[q];
                IReadOnlyList<FacenMatch> matches = [];
                matches = (await index.SearchAsync([facen], "default", 10, RealDefaultThresholdCosine))[0];
                if (mated[q].Count > 0 && matches.Any(match => mated[q].Contains(match.FaceId)))
                    matedFound++;
            }
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
            stop.Cancel();
            var enrolled = await enrolling;
            latencies.Sort();
            var half = queries.Count / 2;
            var matedShare = findable == 0 ? "-" : $"{(double)matedFound / findable:F3}";
            output.WriteLine($"  {name,5} {matedShare,6} {Percentile.Of(latencies, 0.5),8:F2} {Percentile.Of(latencies, 0.95),8:F2} " +
                             $"{found.Sum() / (10.0 * queries.Count),10:F3} {found[..half].Sum() / (10.0 * half),11:F3} {found[half..].Sum() / (10.0 * half),9:F3} {(double)own / half,9:F3} " +
                             $"{(double)aboveFound / Math.Max(1, above),16:F3}" + (writes ? $" ({enrolled:N0} faces enrolled again meanwhile)" : ""));
        }
        if (settings.ContainsKey("reshard"))
            await ReshardAsync(map, queries, output);
        return 0;
    }

    /// <summary>The load of this worker's int8 copies of both shards (<see cref="RedisFaceIndex.LoadShardCopiesAsync"/>): its time,
    /// and the process's resident memory it added per face (the float32 facens it re-ranks with go to a file, outside it).</summary>
    private static async Task WriteCopiesLoadAsync(RedisFaceIndex index, TextWriter output)
    {
        var (anonymous, managed) = (AnonymousBytes(), GC.GetTotalMemory(forceFullCollection: true));
        var clock = Stopwatch.StartNew();
        var (count, slowest) = await index.LoadShardCopiesAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        var (anonymousAdded, managedAdded) = (AnonymousBytes() - anonymous, GC.GetTotalMemory(forceFullCollection: true) - managed);
        output.WriteLine($"  copies of both shards loaded in {seconds:F1} s ({count / seconds:N0} faces/s, the slower shard {slowest.TotalSeconds:F1} s; " +
                         $"Export scripts of 256 faces, VEMB RAW), load average {LoadAverage.Now()}: {count:N0} faces; anonymous resident " +
                         $"memory +{anonymousAdded / 1e6:F0} MB, {(double)anonymousAdded / count:F0} B per face (int8 facens in chunks of 16,384 " +
                         $"rows + managed heap + what the load left committed), of it managed heap {(double)managedAdded / count:F0} B per face");
    }

    /// <summary>The process's anonymous resident memory (not the page cache of the copies' float32 files) after a collection that
    /// gives back what it can.</summary>
    private static long AnonymousBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Benchmarks.Memory.MemoryReport.StatusBytes("RssAnon");
    }

    /// <summary>Another worker's enrollments while the copies are searched: the gallery's faces added again, as they are, 32 per
    /// script, one script at a time; returns how many.</summary>
    private static async Task<int> EnrollAgainAsync(ShardMap map, RedisIndexOptions options, Func<int[], IndexedFacen[]> facesOf, int faces,
        CancellationToken stop)
    {
        using var writer = new RedisFaceIndex(new RedisIndexOptions { Quantisation = options.Quantisation, M = options.M, BuildEf = options.BuildEf }, map);
        var (random, enrolled) = (new Random(17), 0);
        while (!stop.IsCancellationRequested)
        {
            var first = 1 + random.Next(faces - 32);
            enrolled += await writer.AddAsync(facesOf([.. Enumerable.Range(first, 32)]));
        }
        return enrolled;
    }

    /// <summary>Moves half of the first shard's cells to a third, new shard while one client searches (EF 800) without pause: the
    /// faces moved per second, and the search latency while it runs.</summary>
    private static async Task ReshardAsync(ShardMap map, List<float[]> queries, TextWriter output)
    {
        using var added = new RedisServers(1);
        var options = new RedisIndexOptions
        {
            Shards = [.. map.Endpoints.Select((endpoint, shard) => new ShardCells { Endpoint = endpoint, Cells = ShardMap.Ranges(map.CellsOf(shard)) })],
            Search = SearchModes.Hnsw, ShardTimeoutMs = 30_000,
        };
        using var searcher = new RedisFaceIndex(Microsoft.Extensions.Options.Options.Create(options));
        using var operatorIndex = new RedisFaceIndex(Microsoft.Extensions.Options.Options.Create(options));
        var shards = ShardMaintenance.Of(operatorIndex)!;
        var first = map.CellsOf(0).ToList();
        var plan = await shards.PlanReshardAsync(map.Endpoints[0], added.Endpoints[0], first[(first.Count / 2)..]);
        // The same searches for a while before the move, as the baseline of the same minutes.
        var before = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var q = 0; clock.Elapsed < ReshardBaseline; q++)
            before.Add(await TimeAsync(async () => await searcher.SearchAsync([queries[q % queries.Count]], "default", 10, -1)));
        before.Sort();
        using var stop = new CancellationTokenSource();
        var latencies = new List<double>();
        var searching = Task.Run(async () =>
        {
            for (var q = 0; !stop.IsCancellationRequested; q++)
                latencies.Add(await TimeAsync(async () => await searcher.SearchAsync([queries[q % queries.Count]], "default", 10, -1)));
        });
        var done = await shards.ReshardAsync(plan, 16, _ => Task.CompletedTask, CancellationToken.None);
        stop.Cancel();
        await searching;
        latencies.Sort();
        output.WriteLine($"  {before.Count} searches at EF 800 one after another in the {ReshardBaseline.TotalSeconds:F0} s before the reshard: " +
                         $"p50 {Percentile.Of(before, 0.5):F1} ms, p95 {Percentile.Of(before, 0.95):F1} ms");
        output.WriteLine($"  reshard of {done.CellsMoved} cells ({done.FacesMoved:N0} faces) from {map.Endpoints[0]} to a new shard, 16 cells per " +
                         $"batch: {done.Elapsed.TotalSeconds:F1} s, {done.FacesMoved / done.Elapsed.TotalSeconds:N0} faces/s; meanwhile " +
                         $"{latencies.Count} searches at EF 800 one after another: p50 {Percentile.Of(latencies, 0.5):F1} ms, p95 " +
                         $"{Percentile.Of(latencies, 0.95):F1} ms");
    }

    private static async Task LoadAsync(Func<int[], IndexedFacen[]> facesOf, int first, int faces, RedisIndexOptions options, ShardMap map,
        IReadOnlyList<string> endpoints, TextWriter output)
    {
        var memoryBefore = await UsedMemoryAsync(endpoints);
        var clock = Stopwatch.StartNew();
        using (var loader = new RedisFaceIndex(options, map))
            foreach (var batch in Enumerable.Range(first, faces - first + 1).Chunk(BatchSize))
                await loader.AddAsync(facesOf(batch));
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
