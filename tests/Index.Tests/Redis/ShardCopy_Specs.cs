using StackExchange.Redis;
using Workers.Index;
using Workers.Index.Redis;

namespace Index.Tests.Redis;

/// <summary>The contract of an exact index, met by Redis shards searched through this worker's int8 copies of them (the exact path,
/// <see cref="ShardCopy"/>): with NOQUANT the shards keep the float32 facens, so the copies' answers must be those of a float32
/// brute-force scan. Every search waits for the copies to be loaded, so that none is answered by Redis's own scan.</summary>
public sealed class ShardCopyIndex_Specs(RedisShards shards) : FaceIndexContract, IClassFixture<RedisShards>
{
    protected override IFaceIndex CreateIndex()
    {
        shards.FlushAsync().GetAwaiter().GetResult();
        return new CopiedShards(new RedisFaceIndex(new RedisIndexOptions { Quantisation = "NOQUANT", Search = SearchModes.Exact, ShardTimeoutMs = 30_000 },
            ShardMap.Even(shards.Endpoints)));
    }

    /// <summary>A Redis index whose searches wait until every shard's copy is loaded.</summary>
    private sealed class CopiedShards(RedisFaceIndex index) : IFaceIndex, IDisposable
    {
        public string Space => index.Space;
        public bool IsPersistent => index.IsPersistent;
        public ValueTask<int> AddAsync(IReadOnlyList<IndexedFacen> faces, CancellationToken cancellationToken = default) => index.AddAsync(faces, cancellationToken);
        public ValueTask<int> RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken = default) => index.RemoveAsync(faceIds, cancellationToken);
        public ValueTask<bool> SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken = default) =>
            index.SetGalleriesAsync(faceId, galleries, cancellationToken);
        public ValueTask<int> DropGalleryAsync(string gallery, CancellationToken cancellationToken = default) => index.DropGalleryAsync(gallery, cancellationToken);

        public async ValueTask<IndexSearch> SearchShardsAsync(IReadOnlyList<float[]> queries, string gallery, int n, float minSimilarity,
            bool? strict, bool linear = false, CancellationToken cancellationToken = default)
        {
            await index.LoadShardCopiesAsync();
            var search = await index.SearchShardsAsync(queries, gallery, n, minSimilarity, strict, linear, cancellationToken);
            Assert.False(search.Indexed);
            return search;
        }

        public ValueTask<int> CountAsync(CancellationToken cancellationToken = default) => index.CountAsync(cancellationToken);
        public ValueTask<IReadOnlyList<ShardStats>> StatsAsync(CancellationToken cancellationToken = default) => index.StatsAsync(cancellationToken);
        public ValueTask<bool> AddToGalleryAsync(long faceId, float[] facen, string gallery, CancellationToken cancellationToken = default) =>
            index.AddToGalleryAsync(faceId, facen, gallery, cancellationToken);
        public ValueTask<float[]?> GetFacenAsync(long faceId, string gallery, CancellationToken cancellationToken = default) =>
            index.GetFacenAsync(faceId, gallery, cancellationToken);
        public ValueTask<bool> RemoveFromGalleryAsync(long faceId, string gallery, CancellationToken cancellationToken = default) =>
            index.RemoveFromGalleryAsync(faceId, gallery, cancellationToken);
        public ValueTask<IReadOnlyList<GalleryFacen>> ListAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default) =>
            index.ListAsync(gallery, startId, count, cancellationToken);
        public ValueTask<IReadOnlyList<long>> ListIdsAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default) =>
            index.ListIdsAsync(gallery, startId, count, cancellationToken);
        public void Dispose() => index.Dispose();
    }
}

/// <summary>A worker's int8 copies of two real Redis 8 shards (Q8, the default) while another worker writes to them: what the copies
/// answer must be what a brute-force float32 scan of the shards' own facens (VEMB) answers, at every step.</summary>
public sealed class ShardCopy_Specs(RedisShards shards) : IClassFixture<RedisShards>, IDisposable
{
    private static readonly string[] Galleries = ["default", "staff", "vip", "visitors"];

    private readonly Facens _facens = new(512, seed: 31);
    private readonly List<RedisFaceIndex> _workers = [];

    [Fact]
    public async Task Should_answer_as_a_float32_scan_of_the_shards_facens_across_adds_removes_and_gallery_changes_made_by_another_worker()
    {
        var (writer, reader) = await CopiedAsync(1_500);

        var steps = new (string Name, Func<Task> Write)[]
        {
            ("enroll 300 faces", async () => await writer.AddAsync([.. Enumerable.Range(2_001, 300).Select(id => new IndexedFacen(id, _facens.Next(), Some(id)))])),
            ("enroll 50 faces again with other facens and galleries", async () =>
                await writer.AddAsync([.. Enumerable.Range(1, 50).Select(id => new IndexedFacen(id, _facens.Next(), Some(id + 1)))])),
            ("remove 200 faces", async () => await writer.RemoveAsync([.. Enumerable.Range(100, 200).Select(id => (long)id)])),
            ("set the galleries of 40 faces", async () =>
            {
                foreach (var id in Enumerable.Range(400, 40))
                    Assert.True(await writer.SetGalleriesAsync(id, id % 2 == 0 ? ["vip"] : []));
            }),
            ("add 20 faces to a gallery, 14 of them new", async () =>
            {
                foreach (var id in Enumerable.Range(1_495, 20))
                    Assert.Equal(id > 1_500 || !Some(id).Contains("visitors"), await writer.AddToGalleryAsync(id, _facens.Next(), "visitors"));
            }),
            ("take 20 faces out of a gallery and 10 out of the index", async () =>
            {
                foreach (var id in Enumerable.Range(600, 20))
                    await writer.RemoveFromGalleryAsync(id, "staff");
                foreach (var id in Enumerable.Range(700, 10))
                    Assert.True(await writer.RemoveFromGalleryAsync(id, "default"));
            }),
            ("drop a gallery, then put faces in it again", async () =>
            {
                Assert.True(await writer.DropGalleryAsync("vip") > 0);
                foreach (var id in Enumerable.Range(800, 5))
                    Assert.True(await writer.SetGalleriesAsync(id, ["vip"]));
            }),
        };
        foreach (var (name, write) in steps)
        {
            await write();
            await AssertCopiesAsShardsAsync(reader, name);
        }
    }

    [Fact]
    public async Task Should_load_a_shard_again_when_its_feed_lost_entries_the_copy_had_not_replayed()
    {
        var (writer, reader) = await CopiedAsync(600);

        await writer.AddAsync([.. Enumerable.Range(1_001, 200).Select(id => new IndexedFacen(id, _facens.Next(), Some(id)))]);
        await writer.RemoveAsync([.. Enumerable.Range(1, 100).Select(id => (long)id)]);
        // The feed trimmed past the copy's last entry on one shard, emptied with the shard's data on the other.
        await shards.Shard(0).ExecuteAsync("XTRIM", ShardScripts.FeedKey, "MAXLEN", 0);
        await shards.Shard(1).ExecuteAsync("FLUSHALL");

        var copies = Copies(reader);
        var stale = await Task.WhenAll(copies.Select(copy => copy.SearchAsync([_facens.Next()], "default", 10, -1)));
        Assert.All(stale, Assert.Null);
        // Redis's own scan answers meanwhile.
        var meanwhile = await reader.SearchShardsAsync([_facens.Next()], "default", 2_000, -1, strict: true);
        Assert.Equal(await CountAsync(0), (long)meanwhile.Matches[0].Count);
        await AssertCopiesAsShardsAsync(reader, "after the loss");
        Assert.Equal(new[] { await CountAsync(0), 0L }, copies.Select(copy => (long)copy.Count));
    }

    [Fact]
    public async Task Should_lose_no_face_from_a_search_while_cells_move_to_a_new_shard_under_the_copies()
    {
        using var servers = new TestSupport.RedisServers(3);
        var options = new RedisIndexOptions
        {
            Shards = [new ShardCells { Endpoint = servers.Endpoints[0], Cells = "0-511" }, new ShardCells { Endpoint = servers.Endpoints[1], Cells = "512-1023" }],
            Search = SearchModes.Exact, ShardTimeoutMs = 30_000,
        };
        using var writer = new RedisFaceIndex(Microsoft.Extensions.Options.Options.Create(options));
        using var searcher = new RedisFaceIndex(Microsoft.Extensions.Options.Options.Create(options));
        using var operatorIndex = new RedisFaceIndex(Microsoft.Extensions.Options.Options.Create(options));
        var faces = Enumerable.Range(1, 2_000).Select(id => new IndexedFacen(id, _facens.Next(), id % 4 == 0 ? ["staff"] : [])).ToDictionary(face => face.FaceId);
        await writer.AddAsync([.. faces.Values]);
        await searcher.LoadShardCopiesAsync();
        var (nextId, searches) = (100_000L, 0);

        // Between every two steps of every batch: the copies of every shard of the searcher's map are loaded (the new shard's too,
        // once the searcher knows it), every face is found first with its own facen, once; and the writer enrolls and removes.
        async Task BetweenStepsAsync(ReshardStep step, IReadOnlyList<int> batch)
        {
            await searcher.LoadShardCopiesAsync();
            foreach (var chunk in faces.Values.Chunk(100))
            {
                var answers = await searcher.SearchAsync([.. chunk.Select(face => face.Facen)], "default", 2, -1);
                for (var q = 0; q < chunk.Length; q++)
                {
                    Assert.True(answers[q].Count > 0 && answers[q][0].FaceId == chunk[q].FaceId, $"face {chunk[q].FaceId} not found at {step}");
                    Assert.True(answers[q].Count < 2 || answers[q][1].FaceId != chunk[q].FaceId, $"face {chunk[q].FaceId} twice at {step}");
                }
                searches++;
            }
            if (step is ReshardStep.Switched or ReshardStep.Given)
            {
                var face = new IndexedFacen(nextId++, _facens.Next(), ["staff"]);
                await writer.AddAsync([face]);
                faces[face.FaceId] = face;
                var gone = faces.Keys.First(id => id < 100_000);
                Assert.Equal(1, await writer.RemoveAsync([gone]));
                faces.Remove(gone);
            }
        }
        var resharding = new Resharding(operatorIndex, BetweenStepsAsync);
        await resharding.MoveAsync(await resharding.PlanAsync(servers.Endpoints[0], servers.Endpoints[2], ShardMap.ParseCells("256-511")), 64,
            _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(4 * 4 * 20, searches);
        var staff = await searcher.SearchShardsAsync([_facens.Next()], "staff", 10_000, -1, strict: true);
        Assert.Equal(faces.Values.Count(face => face.Galleries.Contains("staff")), staff.Matches[0].Count);
        Assert.False(staff.Indexed);
        // The copies, brought up to date by that search, hold every face once: the old shard's copies of the moved cells are gone.
        Assert.Equal(faces.Count, (await searcher.LoadShardCopiesAsync()).Faces);
    }

    [Theory]
    [InlineData("Q8")]
    [InlineData("NOQUANT")]
    [InlineData("BIN")]
    public async Task Should_read_each_facen_of_a_shard_as_vemb_gives_it_to_the_bit(string quantisation)
    {
        await shards.FlushAsync();
        using var index = new RedisFaceIndex(new RedisIndexOptions { Quantisation = quantisation }, ShardMap.Even(shards.Endpoints));
        // Facens of another length than 512, and of other norms than 1: the set keeps them normalised, VEMB scales them back.
        var faces = Enumerable.Range(1, 100).Select(id => new IndexedFacen(id, [.. new Facens(100, seed: id).Next().Select(x => x * (1 + id % 3))], ["staff"])).ToList();
        await index.AddAsync(faces);

        var read = (await Task.WhenAll(shards.Endpoints.Select(endpoint => index.Shard(endpoint).ExportAsync(faces.Select(face => face.FaceId)))))
            .SelectMany(held => held).OrderBy(face => face.FaceId).ToList();

        Assert.Equal(faces.Select(face => face.FaceId), read.Select(face => face.FaceId));
        var map = ShardMap.Even(shards.Endpoints);
        foreach (var face in read)
        {
            var vemb = ((RedisResult[])(await shards.Shard(map.ShardOf(face.FaceId)).ExecuteAsync("VEMB", "facen:default", face.FaceId))!)
                .Select(value => (float)(double)value).ToArray();
            Assert.Equal(vemb, face.Facen);
            Assert.Equal(["staff"], face.Galleries);
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
            worker.Dispose();
    }

    /// <summary>A writer that enrolled faces 1 to <paramref name="faces"/> on emptied shards, and a reader whose copies of the shards
    /// were loaded after and hold them.</summary>
    private async Task<(RedisFaceIndex Writer, RedisFaceIndex Reader)> CopiedAsync(int faces)
    {
        var (writer, reader) = (Worker(flush: true), Worker());
        await writer.AddAsync([.. Enumerable.Range(1, faces).Select(id => new IndexedFacen(id, _facens.Next(), Some(id)))]);
        await reader.LoadShardCopiesAsync();
        await AssertCopiesAsShardsAsync(reader);
        return (writer, reader);
    }

    private RedisFaceIndex Worker(bool flush = false)
    {
        if (flush)
            shards.FlushAsync().GetAwaiter().GetResult();
        var worker = new RedisFaceIndex(new RedisIndexOptions { Search = SearchModes.Exact, ShardTimeoutMs = 30_000 }, ShardMap.Even(shards.Endpoints));
        _workers.Add(worker);
        return worker;
    }

    private static string[] Some(long id) => [.. Galleries.Skip(1).Where((_, g) => (id >> g) % 2 == 1)];

    private ShardCopy[] Copies(RedisFaceIndex index) => [.. shards.Endpoints.Select(endpoint => index.CopyOf(index.Shard(endpoint)))];

    private async Task<long> CountAsync(int shard) => (long)await shards.Shard(shard).ExecuteAsync("VCARD", "facen:default");

    /// <summary>Each shard's copy, loaded and asked directly, answers every gallery as a float32 brute-force scan of what that
    /// shard holds (every member with its facen as VEMB gives it), for a few queries near its faces and a few strangers.</summary>
    private async Task AssertCopiesAsShardsAsync(RedisFaceIndex reader, string after = "the load")
    {
        var copies = Copies(reader);
        await Task.WhenAll(copies.Select(copy => copy.LoadedAsync()));
        for (var shard = 0; shard < copies.Length; shard++)
        {
            var held = await HeldAsync(shards.Shard(shard));
            var queries = held.Values.Take(4).Select(face => _facens.Near(face.Facen)).Append(_facens.Next()).ToList();
            foreach (var gallery in Galleries)
            {
                var answer = await copies[shard].SearchAsync(queries, gallery, 10, -1);
                Assert.True(answer is not null, $"shard {shard}'s copy was not loaded after {after}");
                var all = await copies[shard].SearchAsync(queries[..1], gallery, 10_000, -1);
                var members = held.Values.Where(face => gallery == "default" || face.Galleries.Contains(gallery)).ToList();
                Assert.True(members.Select(face => face.FaceId).Order().SequenceEqual(all!.Matches[0].Select(match => match.FaceId).Order()),
                    $"shard {shard}, gallery {gallery}: the copy holds other faces than the shard after {after}");
                for (var q = 0; q < queries.Count; q++)
                {
                    var expected = members.Select(face => (face.FaceId, Similarity: Dot(queries[q], face.Facen)))
                        .OrderByDescending(match => match.Similarity).ThenBy(match => match.FaceId).Take(10).ToList();
                    var actual = answer!.Matches[q];
                    Assert.Equal(expected.Count, actual.Length);
                    for (var i = 0; i < expected.Count; i++)
                    {
                        Assert.True(expected[i].FaceId == actual[i].FaceId || Math.Abs(expected[i].Similarity - actual[i].Similarity) <= 1e-6f,
                            $"shard {shard}, gallery {gallery}, query {q}: face {actual[i].FaceId} at {i} instead of {expected[i].FaceId} after {after}");
                        Assert.Equal(expected[i].Similarity, actual[i].Similarity, 1e-5f);
                    }
                }
            }
        }
    }

    /// <summary>Every face a shard holds, with its named galleries and its facen as VEMB gives it (Q8: int8 values times the scale).</summary>
    private static async Task<Dictionary<long, IndexedFacen>> HeldAsync(IDatabase shard)
    {
        var faces = new Dictionary<long, IndexedFacen>();
        foreach (var id in ((RedisResult[])(await shard.ExecuteAsync("VRANDMEMBER", "facen:default", long.MaxValue))!).Select(id => (long)id))
        {
            var facen = ((RedisResult[])(await shard.ExecuteAsync("VEMB", "facen:default", id))!).Select(value => (float)(double)value).ToArray();
            var galleries = ((string?)await shard.ExecuteAsync("VGETATTR", "facen:default", id) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            faces[id] = new IndexedFacen(id, facen, galleries);
        }
        return faces;
    }

    private static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var k = 0; k < a.Length; k++)
            sum += a[k] * b[k];
        return sum;
    }
}
