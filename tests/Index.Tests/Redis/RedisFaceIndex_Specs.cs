using System.Diagnostics;
using StackExchange.Redis;
using Workers.Index;
using Workers.Index.Redis;

namespace Index.Tests.Redis;

/// <summary>The contract, and what sharding adds to it, against two real Redis 8 shards with int8 (Q8) facens.</summary>
public sealed class RedisFaceIndex_Specs(RedisShards shards) : FaceIndexContract, IClassFixture<RedisShards>
{
    // Short for the specs that count a shard out; generous for the rest, whose searches queue behind writes on a busy machine.
    private const int ShardTimeoutMs = 1_000;
    private const int PatientShardTimeoutMs = 10_000;

    private readonly Facens _facens = new(512, seed: 11);

    protected override bool IsExact => false;

    // Q8 keeps each component in 8 bits: measured errors stay below 0.005 on 512-d facens.
    protected override float SimilarityTolerance => 0.01f;

    protected override IFaceIndex CreateIndex() => Create("Q8", PatientShardTimeoutMs);

    [Fact]
    public async Task Should_keep_each_face_and_its_galleries_on_the_shard_of_its_cell()
    {
        using var index = Create("Q8");
        var faces = Enumerable.Range(1, 200).Select(id => new IndexedFacen(id, _facens.Next(), [id % 2 == 0 ? "staff" : "visitors"])).ToList();
        await index.AddAsync(faces);

        var map = ShardMap.Even(shards.Endpoints);
        for (var shard = 0; shard < 2; shard++)
        {
            var own = faces.Where(face => map.ShardOf(face.FaceId) == shard).ToList();
            Assert.InRange(own.Count, 70, 130);
            Assert.Equal(own.Count, await CardinalityAsync(shard, "default"));
            Assert.Equal(own.Count(face => face.FaceId % 2 == 0), await CardinalityAsync(shard, "staff"));
        }
        var staff = (await index.SearchAsync([faces[1].Facen], "staff", 200, -1))[0];
        Assert.Equal(100, staff.Count);
        Assert.All(staff, match => Assert.Equal(0, match.FaceId % 2));
    }

    [Fact]
    public async Task Should_take_removed_faces_and_a_dropped_gallery_off_every_shard()
    {
        using var index = Create("Q8");
        await index.AddAsync([.. Enumerable.Range(1, 200).Select(id => new IndexedFacen(id, _facens.Next(), ["staff", "vip"]))]);

        Assert.Equal(100, await index.RemoveAsync([.. Enumerable.Range(1, 100).Select(id => (long)id)]));
        Assert.Equal(100, await index.DropGalleryAsync("vip"));

        var map = ShardMap.Even(shards.Endpoints);
        for (var shard = 0; shard < 2; shard++)
        {
            var own = Enumerable.Range(101, 100).Count(id => map.ShardOf(id) == shard);
            Assert.False(await shards.Shard(shard).KeyExistsAsync("facen:vip"));
            Assert.Equal(own, await CardinalityAsync(shard, "default"));
            Assert.Equal(own, await CardinalityAsync(shard, "staff"));
        }
        var kept = Enumerable.Range(101, 100).First(id => map.ShardOf(id) == 1);
        Assert.Equal("staff", (string?)await shards.Shard(1).ExecuteAsync("VGETATTR", "facen:default", kept.ToString()));
    }

    [Fact]
    public async Task Should_change_nothing_when_the_same_faces_are_added_again()
    {
        using var index = Create("Q8");
        var faces = Enumerable.Range(1, 200).Select(id => new IndexedFacen(id, _facens.Next(), id % 3 == 0 ? ["staff"] : [])).ToList();
        await index.AddAsync(faces);
        var before = await SizesAsync();

        await index.AddAsync(faces);

        Assert.Equal(before, await SizesAsync());
        Assert.Equal(200, await index.CountAsync());
        Assert.Equal(6, (await index.SearchAsync([faces[5].Facen], "staff", 1, -1))[0].Single().FaceId);
    }

    [Fact]
    public async Task Should_find_at_least_98_percent_of_the_exact_top_10()
    {
        using var index = Create("Q8");
        var expected = new BruteForceGalleries();
        var faces = Enumerable.Range(1, 5_000).Select(id => new IndexedFacen(id, _facens.Next(), [])).ToList();
        await index.AddAsync(faces);
        faces.ForEach(expected.Add);
        // Half of the queries are new people, half another photo of an enrolled one.
        var queries = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? _facens.Next() : _facens.Near(faces[_facens.Pick(faces.Count)].Facen)).ToList();

        var matches = await index.SearchAsync(queries, "default", 10, -1);

        var found = queries.Select((query, q) => expected.Search(query, "default", 10, -1).Select(match => match.FaceId)
            .Intersect(matches[q].Select(match => match.FaceId)).Count()).Sum();
        Assert.InRange(found / (10.0 * queries.Count), RecallTarget, 1);
    }

    [Fact]
    public async Task Should_turn_redis_scores_back_into_the_cosine_of_the_facens()
    {
        // Unquantised facens leave the conversion as the only difference from the float32 dot product.
        using var index = Create("NOQUANT");
        var faces = Enumerable.Range(1, 50).Select(id => new IndexedFacen(id, _facens.Next(), [])).ToList();
        await index.AddAsync(faces);
        var query = _facens.Near(faces[0].Facen);

        var matches = (await index.SearchAsync([query], "default", 50, -1))[0];

        Assert.Equal(50, matches.Count);
        Assert.All(matches, match => Assert.Equal(Dot(query, faces[(int)match.FaceId - 1].Facen), match.Similarity, 1e-5f));
    }

    [Fact]
    public async Task Should_answer_from_the_live_shard_while_one_is_stopped_and_from_both_after_its_restart_from_its_append_only_file()
    {
        using var index = Create("Q8", ShardTimeoutMs);
        var faces = Enumerable.Range(1, 400).Select(id => new IndexedFacen(id, _facens.Next(), [])).ToList();
        await index.AddAsync(faces);
        var queries = faces.Take(20).Select(face => face.Facen).ToList();
        var complete = await index.SearchShardsAsync(queries, "default", 5, -1, strict: true);
        var map = ShardMap.Even(shards.Endpoints);

        shards.Stop(1);
        try
        {
            var partial = await index.SearchShardsAsync(queries, "default", 5, -1, strict: false);
            Assert.Equal((1, 2), (partial.LiveShards, partial.TotalShards));
            Assert.All(partial.Matches.SelectMany(m => m), match => Assert.Equal(0, map.ShardOf(match.FaceId)));
            await Assert.ThrowsAsync<ShardsUnavailableException>(async () => await index.SearchShardsAsync(queries, "default", 5, -1, strict: true));
            // The index's own setting is FindFace's default: tntapi_ignore_search_errors off.
            await Assert.ThrowsAsync<ShardsUnavailableException>(async () => await index.SearchAsync(queries, "default", 5, -1));
        }
        finally
        {
            shards.Start(1);
        }

        var again = await SearchUntilAllShardsAnswerAsync(index, queries);
        Assert.Equal(Ids(complete), Ids(again));
    }

    [Fact]
    public async Task Should_fail_every_search_while_no_shard_answers_whatever_strict_says_and_answer_an_empty_index_as_empty()
    {
        using var empty = Create("Q8", ShardTimeoutMs);
        var query = _facens.Next();
        var nobody = await empty.SearchShardsAsync([query], "default", 5, -1, strict: true);
        Assert.Equal((2, 2), (nobody.LiveShards, nobody.TotalShards));
        Assert.Empty(nobody.Matches[0]);

        using var index = Create("Q8", ShardTimeoutMs);
        await index.AddAsync([.. Enumerable.Range(1, 50).Select(id => new IndexedFacen(id, _facens.Next(), []))]);
        // A new index knows no facen length yet: with the shards down it cannot learn one, and must still not look empty.
        using var started = new RedisFaceIndex(new RedisIndexOptions { ShardTimeoutMs = ShardTimeoutMs, IgnoreSearchErrors = true },
            ShardMap.Even(shards.Endpoints));
        shards.Stop(0);
        shards.Stop(1);
        try
        {
            foreach (var strict in new bool?[] { null, false, true })
            {
                var refused = await Assert.ThrowsAsync<ShardsUnavailableException>(async () =>
                    await started.SearchShardsAsync([query], "default", 5, -1, strict));
                Assert.Equal((0, 2), (refused.LiveShards, refused.TotalShards));
                await Assert.ThrowsAsync<ShardsUnavailableException>(async () => await index.SearchShardsAsync([query], "default", 5, -1, strict));
            }
        }
        finally
        {
            shards.Start(0);
            shards.Start(1);
        }
        await SearchUntilAllShardsAnswerAsync(index, [query]);
    }

    [Fact]
    public async Task Should_report_a_stopped_shard_down_in_the_statistics_and_count_the_other()
    {
        using var index = Create("Q8", ShardTimeoutMs);
        var faces = Enumerable.Range(1, 100).Select(id => new IndexedFacen(id, _facens.Next(), ["staff"])).ToList();
        await index.AddAsync(faces);
        var map = ShardMap.Even(shards.Endpoints);
        var onFirst = faces.Count(face => map.ShardOf(face.FaceId) == 0);

        shards.Stop(1);
        IReadOnlyList<ShardStats> stats;
        try
        {
            stats = await index.StatsAsync();
        }
        finally
        {
            shards.Start(1);
        }

        Assert.Equal(shards.Endpoints, stats.Select(shard => shard.Endpoint));
        Assert.Equal([true, false], stats.Select(shard => shard.Up));
        Assert.Equal([("default", (long)onFirst, 512, "int8"), ("staff", onFirst, 512, "int8")],
            stats[0].Galleries.Select(g => (g.Name, g.Faces, g.Dimension, g.Quantisation)));
        Assert.Empty(stats[1].Galleries);
        await SearchUntilAllShardsAnswerAsync(index, [faces[0].Facen]);
    }

    [Fact]
    public async Task Should_scan_every_face_for_a_linear_search()
    {
        using var index = Create("Q8");
        var faces = Enumerable.Range(1, 300).Select(id => new IndexedFacen(id, _facens.Next(), [])).ToList();
        await index.AddAsync(faces);
        var query = _facens.Near(faces[7].Facen);

        var linear = await index.SearchShardsAsync([query], "default", 300, -1, strict: true, linear: true);
        var indexed = await index.SearchShardsAsync([query], "default", 1, -1, strict: true);

        Assert.False(linear.Indexed);
        Assert.True(indexed.Indexed);
        Assert.Equal(300, linear.Matches[0].Count);
        Assert.Equal(8, linear.Matches[0][0].FaceId);
    }

    [Fact]
    public async Task Should_count_a_shard_that_does_not_answer_in_time_as_not_live()
    {
        using var index = Create("Q8", ShardTimeoutMs);
        await index.AddAsync([.. Enumerable.Range(1, 100).Select(id => new IndexedFacen(id, _facens.Next(), []))]);
        var query = _facens.Next();
        await shards.Shard(1).ExecuteAsync("CLIENT", "PAUSE", 3 * ShardTimeoutMs, "ALL");

        var clock = Stopwatch.StartNew();
        var partial = await index.SearchShardsAsync([query], "default", 5, -1, strict: false);

        Assert.Equal((1, 2), (partial.LiveShards, partial.TotalShards));
        Assert.InRange(clock.ElapsedMilliseconds, ShardTimeoutMs - 50, 2 * ShardTimeoutMs);
        await SearchUntilAllShardsAnswerAsync(index, [query]);
    }

    [Fact]
    public async Task Should_build_every_gallery_set_with_the_configured_graph_degree()
    {
        using var index = Create("Q8", m: 8);
        await index.AddAsync([.. Enumerable.Range(1, 100).Select(id => new IndexedFacen(id, _facens.Next(), ["staff"]))]);
        Assert.True(await index.SetGalleriesAsync(1, ["staff", "vip"]));
        Assert.True(await index.AddToGalleryAsync(2, _facens.Next(), "visitors"));

        var map = ShardMap.Even(shards.Endpoints);
        foreach (var (gallery, faceId) in (ValueTuple<string, long>[])[("default", 1), ("staff", 1), ("vip", 1), ("visitors", 2)])
        {
            var info = (RedisResult[])(await shards.Shard(map.ShardOf(faceId)).ExecuteAsync("VINFO", $"facen:{gallery}"))!;
            var fields = Enumerable.Range(0, info.Length / 2).ToDictionary(i => (string)info[2 * i]!, i => info[2 * i + 1]);
            Assert.Equal((gallery, 8L), (gallery, (long)fields["hnsw-m"]));
        }
    }

    [Fact]
    public async Task Should_scan_a_shard_below_the_exact_limit_walk_the_graph_above_it_and_answer_the_same_either_way()
    {
        using var index = Create("Q8");
        var faces = Enumerable.Range(1, 300).Select(id => new IndexedFacen(id, _facens.Next(), [])).ToList();
        await index.AddAsync(faces);
        var queries = faces.Take(10).Select(face => _facens.Near(face.Facen)).ToList();
        var map = ShardMap.Even(shards.Endpoints);
        RedisFaceIndex With(string search, int exactLimit = 50_000) =>
            new(new RedisIndexOptions { Search = search, ExactLimit = exactLimit, ShardTimeoutMs = PatientShardTimeoutMs }, map);

        using var exact = With(SearchModes.Exact);
        using var hnsw = With(SearchModes.Hnsw);
        using var autoBelow = With(SearchModes.Auto, exactLimit: 300);
        using var autoAbove = With(SearchModes.Auto, exactLimit: 100);
        var answers = await Task.WhenAll(new[] { exact, hnsw, autoBelow, autoAbove }
            .Select(i => i.SearchShardsAsync(queries, "default", 10, -1, strict: true).AsTask()));

        Assert.Equal([false, true, false, true], answers.Select(answer => answer.Indexed));
        // At 150 faces a shard's graph with EF 800 visits every face: the two paths must agree on every match.
        foreach (var answer in answers.Skip(1))
            Assert.Equal(Ids(answers[0]), Ids(answer));
        Assert.Throws<ArgumentException>(() => With("Linear"));
    }

    private RedisFaceIndex Create(string quantisation, int shardTimeoutMs = PatientShardTimeoutMs, int m = 16)
    {
        shards.FlushAsync().GetAwaiter().GetResult();
        // The graph, as the contract's "indexed" space; Auto's choice has its own spec.
        var options = new RedisIndexOptions { Quantisation = quantisation, ShardTimeoutMs = shardTimeoutMs, M = m, Search = SearchModes.Hnsw };
        return new RedisFaceIndex(options, ShardMap.Even(shards.Endpoints));
    }

    private async Task<long> CardinalityAsync(int shard, string gallery) => (long)await shards.Shard(shard).ExecuteAsync("VCARD", $"facen:{gallery}");

    /// <summary>Every key of both shards with its cardinality.</summary>
    private async Task<string> SizesAsync()
    {
        var sizes = new List<string>();
        for (var shard = 0; shard < 2; shard++)
        foreach (var gallery in (string[])["default", "staff"])
            sizes.Add($"{shard}/{gallery}={await CardinalityAsync(shard, gallery)}");
        return string.Join(' ', sizes);
    }

    /// <summary>Searches until the multiplexer has reconnected to every shard (it retries in the background).</summary>
    private static async Task<IndexSearch> SearchUntilAllShardsAnswerAsync(RedisFaceIndex index, List<float[]> queries)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var search = await index.SearchShardsAsync(queries, "default", 5, -1, strict: false);
            if (search.LiveShards == search.TotalShards)
                return search;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "A shard did not answer again within 20 s.");
            await Task.Delay(200);
        }
    }

    private static IEnumerable<long> Ids(IndexSearch search) => search.Matches.SelectMany(matches => matches.Select(match => match.FaceId));

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
