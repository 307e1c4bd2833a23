using Workers.Index;

namespace Index.Tests;

/// <summary>What every face index must do, whatever holds the facens: an implementation's specs inherit this suite.</summary>
public abstract class FaceIndexContract : IDisposable
{
    private const int Dimension = 512;
    private static readonly string[] Named = ["staff", "visitors", "vip", "banned"];

    /// <summary>Facens of the real model, made once per test run (a few seconds of detection and embedding).</summary>
    private static readonly Lazy<Task<List<float[]>>> RealFacens = new(Support.RealFacens.OfTestPhotosAsync);

    private readonly Lazy<IFaceIndex> _index;
    private readonly Facens _facens = new(Dimension);

    protected FaceIndexContract() => _index = new Lazy<IFaceIndex>(CreateIndex);

    private IFaceIndex Index => _index.Value;

    /// <summary>A new, empty index.</summary>
    protected abstract IFaceIndex CreateIndex();

    /// <summary>False for an approximate index (HNSW): its answers are checked for recall against a brute-force scan
    /// rather than for equality, and equal facens at the cut of n may be chosen among arbitrarily.</summary>
    protected virtual bool IsExact => true;

    /// <summary>How far a similarity may be from the float32 dot product (quantised facens are off by more).</summary>
    protected virtual float SimilarityTolerance => 1e-5f;

    /// <summary>The share of the brute-force top n an approximate index must find.</summary>
    protected const double RecallTarget = 0.98;

    [Theory]
    [InlineData(512, 3_000)]
    [InlineData(100, 9_000)] // a dimension with a tail past whole vectors, and enough rows to split a scan over threads
    public async Task Should_return_what_a_brute_force_scan_returns(int dimension, int faces)
    {
        var facens = new Facens(dimension);
        var expected = new BruteForceGalleries();
        var next = 1L;
        var added = Enumerable.Range(0, faces).Select(_ => new IndexedFacen(next++, facens.Next(), RandomGalleries(facens))).ToList();
        await AddAsync(expected, added);

        var ids = expected.FaceIds.ToList();
        var removed = ids.Where((_, i) => i % 10 == 3).ToList();
        await Index.RemoveAsync(removed);
        removed.ForEach(expected.Remove);
        var replaced = ids.Where((_, i) => i % 10 == 5).Select(id => new IndexedFacen(id, facens.Next(), RandomGalleries(facens))).ToList();
        await AddAsync(expected, replaced);
        foreach (var id in ids.Where((_, i) => i % 10 == 7))
        {
            var galleries = RandomGalleries(facens);
            await Index.SetGalleriesAsync(id, galleries);
            expected.SetGalleries(id, galleries);
        }
        await Index.DropGalleryAsync("banned");
        expected.DropGallery("banned");
        await AddAsync(expected, [.. Enumerable.Range(0, 100).Select(_ => new IndexedFacen(next++, facens.Next(), RandomGalleries(facens)))]);

        var kept = expected.FaceIds.ToList();
        var queries = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? facens.Next() : facens.Near(expected.Facen(kept[facens.Pick(kept.Count)]))).ToList();
        var recall = await AssertAsBruteForceAsync(expected, queries, ["default", .. Named, "nobody"], [(10, -1f), (1, -1f), (50, 0.05f)]);
        if (!IsExact)
            Assert.InRange(recall, RecallTarget, 1);
        Assert.Equal(kept.Count, await Index.CountAsync());
    }

    /// <summary>Near-ties that an int8 similarity cannot tell apart (its error is ~0.01, theirs 2e-5), exact ties, and facens
    /// whose int8 form is far off (one large component takes the scale), among random faces: an exact index must still rank
    /// them as float32 does. An approximate index cannot separate them; its answers are checked for members, similarities
    /// and order only.</summary>
    [Fact]
    public async Task Should_rank_near_ties_as_a_float32_scan_does()
    {
        var expected = new BruteForceGalleries();
        var person = _facens.Next();
        var faces = new List<IndexedFacen>();
        for (var id = 1; id <= 2_000; id++)
            faces.Add(new IndexedFacen(id, _facens.Next(), id % 3 == 0 ? ["staff"] : []));
        for (var tie = 0; tie < 300; tie++)
        {
            // Similarity to the person 0.9 - 2e-5 tie, in an order unrelated to the face ids; every tenth with a spiky facen.
            var similarity = 0.9 - 2e-5 * ((tie * 7_919) % 300);
            var facen = _facens.AtSimilarity(person, similarity, spiky: tie % 10 == 0);
            faces.Add(new IndexedFacen(2_001 + tie, facen, tie % 2 == 0 ? ["staff"] : []));
            if (tie % 50 == 0)
                faces.Add(new IndexedFacen(3_001 + tie, facen, ["staff"]));
        }
        await AddAsync(expected, [.. faces.OrderBy(_ => _facens.Pick(int.MaxValue))]);

        List<float[]> queries = [person, _facens.Near(person, 0.05f), _facens.AtSimilarity(person, 0.99, spiky: true)];
        await AssertAsBruteForceAsync(expected, queries, ["default", "staff"], [(10, -1f), (1, -1f), (60, 0.89851f), (400, 0.5f)]);
    }

    /// <summary>Facens the real model made of the test photos and of edited copies of them (crops, JPEG quality, brightness,
    /// size: near-ties of one person), among random faces, each queried by itself and by its copies.</summary>
    [Fact]
    public async Task Should_return_what_a_float32_scan_returns_on_real_facens()
    {
        var real = await RealFacens.Value;
        var expected = new BruteForceGalleries();
        var faces = real.Select((facen, i) => new IndexedFacen(i + 1, facen, i % 2 == 0 ? ["staff"] : []))
            .Concat(Enumerable.Range(0, 3_000).Select(i => new IndexedFacen(10_000 + i, _facens.Next(), [])));
        await AddAsync(expected, [.. faces]);

        var recall = await AssertAsBruteForceAsync(expected, real, ["default", "staff"], [(10, -1f), (1, -1f), (20, 0.3f)]);
        if (!IsExact)
            Assert.InRange(recall, RecallTarget, 1);
    }

    [Fact]
    public async Task Should_keep_galleries_apart()
    {
        var staff = Face(1, "staff");
        var visitor = Face(2, "visitors");
        await Index.AddAsync([staff, visitor]);

        await AssertFoundAsync(visitor.Facen, "staff", 1L);
        await AssertFoundAsync(staff.Facen, "visitors", 2L);
        await AssertFoundAsync(staff.Facen, "default", 1L, 2L);
    }

    [Fact]
    public async Task Should_keep_person_spaces_apart_from_galleries_and_each_other()
    {
        var seenByCam1 = Face(1, "staff", PersonSpaces.Of("cam1", global: false));
        var seenByCam2 = Face(2, PersonSpaces.Of("cam2", global: false));
        var uncaptured = Face(3, PersonSpaces.Of(null, global: false));
        await Index.AddAsync([seenByCam1, seenByCam2, uncaptured]);

        await AssertFoundAsync(seenByCam2.Facen, "~cam1", 1L);
        await AssertFoundAsync(seenByCam1.Facen, "~cam2", 2L);
        await AssertFoundAsync(seenByCam1.Facen, PersonSpaces.Global, 3L);
        await AssertFoundAsync(seenByCam1.Facen, "staff", 1L);
        await AssertFoundAsync(seenByCam1.Facen, "default", 1L, 2L, 3L);
        Assert.True(await Index.SetGalleriesAsync(1, ["staff"]));
        await AssertFoundAsync(seenByCam1.Facen, "~cam1");
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Index.SearchAsync([_facens.Next()], "~no spaces", 1, -1));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Index.AddAsync([Face(4, "~~")]));
    }

    [Fact]
    public async Task Should_take_only_the_dropped_gallery_s_membership()
    {
        await Index.AddAsync([Face(1, "staff", "vip"), Face(2, "staff"), Face(3, "vip")]);

        Assert.Equal(2, await Index.DropGalleryAsync("staff"));

        await AssertFoundAsync(_facens.Next(), "staff");
        await AssertFoundAsync(_facens.Next(), "vip", 1L, 3L);
        await AssertFoundAsync(_facens.Next(), "default", 1L, 2L, 3L);
        Assert.Equal(0, await Index.DropGalleryAsync("staff"));
    }

    [Fact]
    public async Task Should_not_find_a_removed_face()
    {
        var (kept, removed) = (Face(1, "staff"), Face(2, "staff"));
        await Index.AddAsync([kept, removed]);

        Assert.Equal(1, await Index.RemoveAsync([2, 99]));

        await AssertFoundAsync(removed.Facen, "default", 1L);
        await AssertFoundAsync(removed.Facen, "staff", 1L);
        Assert.Equal(1, await Index.CountAsync());
    }

    [Fact]
    public async Task Should_replace_a_face_added_again()
    {
        var first = Face(1, "staff");
        await Index.AddAsync([first, Face(2)]);
        var again = Face(1, "visitors");

        Assert.Equal(1, await Index.AddAsync([again]));

        Assert.Equal(2, await Index.CountAsync());
        await AssertFoundAsync(first.Facen, "staff");
        var best = (await Index.SearchAsync([again.Facen], "visitors", 1, -1))[0].Single();
        Assert.Equal(1, best.FaceId);
        Assert.Equal(1f, best.Similarity, SimilarityTolerance);
    }

    [Fact]
    public async Task Should_move_a_face_between_galleries()
    {
        await Index.AddAsync([Face(1, "staff")]);

        Assert.True(await Index.SetGalleriesAsync(1, ["visitors", "vip"]));
        Assert.False(await Index.SetGalleriesAsync(2, ["visitors"]));

        await AssertFoundAsync(_facens.Next(), "staff");
        await AssertFoundAsync(_facens.Next(), "visitors", 1L);
        await AssertFoundAsync(_facens.Next(), "vip", 1L);
    }

    [Fact]
    public async Task Should_return_at_most_n_matches_at_or_above_the_minimum_similarity()
    {
        var person = _facens.Next();
        await Index.AddAsync([.. Enumerable.Range(1, 20).Select(id => new IndexedFacen(id, id <= 5 ? _facens.Near(person) : _facens.Next(), []))]);

        var three = (await Index.SearchAsync([person], "default", 3, -1))[0];
        var similar = (await Index.SearchAsync([person], "default", 100, 0.5f))[0];

        Assert.Equal(3, three.Count);
        Assert.All(three, match => Assert.InRange(match.FaceId, 1, 5));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], similar.Select(match => match.FaceId).Order());
        Assert.Equal(similar.OrderByDescending(match => match.Similarity).Select(match => match.FaceId), similar.Select(match => match.FaceId));
    }

    [Fact]
    public async Task Should_put_the_lower_face_id_first_among_equal_similarities()
    {
        var facen = _facens.Next();
        await Index.AddAsync([.. ((long[])[7, 3, 9, 5]).Select(id => new IndexedFacen(id, facen, ["staff"]))]);

        long[] expected = IsExact ? [3, 5, 7] : [3, 5, 7, 9];
        Assert.Equal(expected, (await Index.SearchAsync([facen], "staff", expected.Length, -1))[0].Select(match => match.FaceId));
    }

    [Fact]
    public async Task Should_reject_a_facen_of_another_dimension_and_change_nothing()
    {
        await Index.AddAsync([Face(1)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await Index.AddAsync([Face(2), new IndexedFacen(3, new Facens(128).Next(), [])]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await Index.SearchAsync([new Facens(128).Next()], "default", 1, -1));

        Assert.Equal(1, await Index.CountAsync());
    }

    [Fact]
    public async Task Should_reject_bad_search_and_gallery_input()
    {
        await Index.AddAsync([Face(1)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Index.SearchAsync([_facens.Next()], "default", 0, -1));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Index.SearchAsync([_facens.Next()], "no spaces", 1, -1));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Index.AddAsync([Face(2, new string('g', 49))]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Index.DropGalleryAsync("default"));
    }

    [Fact]
    public async Task Should_count_each_gallery_s_faces_in_the_shard_statistics()
    {
        await Index.AddAsync([Face(1, "staff", "vip"), Face(2, "staff"), Face(3)]);
        await Index.RemoveAsync([2]);

        var shards = await Index.StatsAsync();

        Assert.All(shards, shard => Assert.True(shard.Up));
        Assert.All(shards, shard => Assert.Equal(Index.Space, shard.Space));
        var galleries = shards.SelectMany(shard => shard.Galleries).GroupBy(g => g.Name).ToDictionary(g => g.Key, g => g.Sum(s => s.Faces));
        Assert.Equal(new Dictionary<string, long> { ["default"] = 2, ["staff"] = 1, ["vip"] = 1 }, galleries);
        Assert.All(shards.SelectMany(shard => shard.Galleries), g => Assert.Equal(Dimension, g.Dimension));
    }

    [Fact]
    public async Task Should_add_a_face_to_a_gallery_once_and_join_a_known_face_to_it()
    {
        var known = Face(1, "staff");
        await Index.AddAsync([known]);
        var (fresh, replaced) = (_facens.Next(), _facens.Next());

        Assert.True(await Index.AddToGalleryAsync(2, fresh, "vip"));
        Assert.False(await Index.AddToGalleryAsync(2, _facens.Next(), "vip"));
        Assert.False(await Index.AddToGalleryAsync(2, _facens.Next(), "default"));
        Assert.True(await Index.AddToGalleryAsync(1, replaced, "vip"));

        await AssertFoundAsync(fresh, "vip", 1L, 2L);
        await AssertFoundAsync(fresh, "staff", 1L);
        var best = (await Index.SearchAsync([replaced], "staff", 1, -1))[0].Single();
        Assert.Equal(1f, best.Similarity, SimilarityTolerance);
        Assert.Equal(2, await Index.CountAsync());
    }

    [Fact]
    public async Task Should_read_a_facen_only_from_a_gallery_that_holds_the_face()
    {
        var face = Face(1, "staff");
        await Index.AddAsync([face]);

        var staff = await Index.GetFacenAsync(1, "staff");
        var all = await Index.GetFacenAsync(1, "default");

        Assert.NotNull(staff);
        Assert.Equal(face.Facen.Length, staff.Length);
        Assert.All(face.Facen.Zip(staff), pair => Assert.Equal(pair.First, pair.Second, SimilarityTolerance));
        Assert.Equal(staff, all);
        Assert.Null(await Index.GetFacenAsync(1, "vip"));
        Assert.Null(await Index.GetFacenAsync(2, "default"));
    }

    [Fact]
    public async Task Should_take_a_face_out_of_one_gallery_or_out_of_the_index_from_default()
    {
        await Index.AddAsync([Face(1, "staff", "vip"), Face(2, "staff")]);

        Assert.True(await Index.RemoveFromGalleryAsync(1, "staff"));
        Assert.False(await Index.RemoveFromGalleryAsync(1, "staff"));
        Assert.True(await Index.RemoveFromGalleryAsync(2, "default"));
        Assert.False(await Index.RemoveFromGalleryAsync(3, "default"));

        await AssertFoundAsync(_facens.Next(), "staff");
        await AssertFoundAsync(_facens.Next(), "vip", 1L);
        await AssertFoundAsync(_facens.Next(), "default", 1L);
        Assert.Null(await Index.GetFacenAsync(2, "default"));
    }

    [Fact]
    public async Task Should_list_a_gallery_s_faces_by_increasing_id_from_a_start_id()
    {
        long[] ids = [40, 7, 1_000_000_000_000_000, 12, 99, 3];
        await Index.AddAsync([.. ids.Select(id => Face(id, id % 2 == 0 ? "staff" : "vip"))]);

        var first = await Index.ListAsync("default", 0, 4);
        var rest = await Index.ListAsync("default", 41, 10);
        var staff = await Index.ListAsync("staff", 12, 10);

        Assert.Equal([3L, 7L, 12L, 40L], first.Select(face => face.FaceId));
        Assert.Equal([99L, 1_000_000_000_000_000L], rest.Select(face => face.FaceId));
        Assert.Equal([12L, 40L, 1_000_000_000_000_000L], staff.Select(face => face.FaceId));
        Assert.All(first.Zip(await Task.WhenAll(first.Select(face => Index.GetFacenAsync(face.FaceId, "default").AsTask()))),
            pair => Assert.Equal(pair.Second, pair.First.Facen));
        Assert.Empty(await Index.ListAsync("nobody", 0, 10));
    }

    [Fact]
    public async Task Should_refuse_a_direct_facen_of_another_dimension()
    {
        await Index.AddAsync([Face(1)]);

        await Assert.ThrowsAsync<FacenShapeException>(async () => await Index.AddToGalleryAsync(2, new Facens(128).Next(), "staff"));

        Assert.Equal(1, await Index.CountAsync());
    }

    [Fact]
    public async Task Should_search_while_faces_are_added_and_removed_and_never_return_a_removed_face()
    {
        var faces = Enumerable.Range(1, 4_000).Select(id => Face(id, id % 2 == 0 ? "staff" : "visitors")).ToList();
        await Index.AddAsync(faces[..2_000]);
        var removed = new HashSet<long>();
        using var writing = new CancellationTokenSource();

        var searches = Enumerable.Range(0, 4).Select(s => Task.Run(async () =>
        {
            var searched = 0;
            while (!writing.IsCancellationRequested || searched == 0)
            {
                long[] gone;
                lock (removed)
                    gone = [.. removed];
                List<float[]> queries = gone.Length == 0 ? [FacenOf(faces, 1)] : [.. gone.TakeLast(2).Select(id => FacenOf(faces, id))];
                var matches = await Index.SearchAsync(queries, searched % 2 == 0 ? "default" : "staff", 5, -1);
                Assert.DoesNotContain(matches.SelectMany(m => m), match => gone.Contains(match.FaceId));
                searched++;
            }
        })).ToList();

        for (var batch = 2_000; batch < 4_000; batch += 100)
        {
            await Index.AddAsync(faces[batch..(batch + 100)]);
            var gone = faces[(batch - 2_000)..(batch - 1_950)].Select(face => face.FaceId).ToList();
            await Index.RemoveAsync(gone);
            lock (removed)
                removed.UnionWith(gone);
        }
        writing.Cancel();
        await Task.WhenAll(searches);

        Assert.Equal(4_000 - removed.Count, await Index.CountAsync());
    }

    public void Dispose()
    {
        if (_index is { IsValueCreated: true, Value: IDisposable disposable })
            disposable.Dispose();
        GC.SuppressFinalize(this);
    }

    private static float[] FacenOf(List<IndexedFacen> faces, long faceId) => faces[(int)faceId - 1].Facen;

    private IndexedFacen Face(long faceId, params string[] galleries) => new(faceId, _facens.Next(), galleries);

    /// <summary>Asserts which faces a gallery holds, by an unrestricted search of it.</summary>
    private async Task AssertFoundAsync(float[] query, string gallery, params long[] faceIds) =>
        Assert.Equal(faceIds, (await Index.SearchAsync([query], gallery, 100, -1))[0].Select(match => match.FaceId).Order());

    private async Task AddAsync(BruteForceGalleries expected, List<IndexedFacen> faces)
    {
        Assert.Equal(faces.Count, await Index.AddAsync(faces));
        faces.ForEach(expected.Add);
    }

    private static string[] RandomGalleries(Facens random) => [.. Named.Where(_ => random.Pick(3) == 0)];

    /// <summary>Searches each gallery with each (n, minimum similarity) and compares with the brute-force answer: equal for an
    /// exact index, plausible for an approximate one. Returns the share of the brute-force answers found.</summary>
    private async Task<double> AssertAsBruteForceAsync(BruteForceGalleries expected, IReadOnlyList<float[]> queries, string[] galleries,
        (int N, float MinSimilarity)[] cases)
    {
        var (found, wanted) = (0, 0);
        foreach (var gallery in galleries)
        foreach (var (n, minSimilarity) in cases)
        {
            var matches = await Index.SearchAsync(queries, gallery, n, minSimilarity);
            Assert.Equal(queries.Count, matches.Count);
            for (var q = 0; q < queries.Count; q++)
            {
                var best = expected.Search(queries[q], gallery, n, minSimilarity);
                if (IsExact)
                {
                    AssertSame(best, matches[q], faceId => expected.Similarity(queries[q], faceId));
                    found += best.Count;
                }
                else
                    found += AssertPlausible(expected.Search(queries[q], gallery, int.MaxValue, -1), best, matches[q], n, minSimilarity);
                wanted += best.Count;
            }
        }
        return wanted == 0 ? 1 : (double)found / wanted;
    }

    /// <summary>Asserts the same faces in the same order with the same similarities. Float32 sums in another order differ in
    /// the last bits, so two faces whose brute-force similarities are that close (a tie in float32) may come in either order.</summary>
    private static void AssertSame(IReadOnlyList<FacenMatch> expected, IReadOnlyList<FacenMatch> actual, Func<long, float> similarityOf)
    {
        const float SummationOrder = 1e-6f;
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].FaceId != actual[i].FaceId)
                Assert.True(Math.Abs(similarityOf(expected[i].FaceId) - similarityOf(actual[i].FaceId)) <= SummationOrder,
                    $"Face {actual[i].FaceId} at {i} instead of face {expected[i].FaceId}: {similarityOf(actual[i].FaceId)} against {expected[i].Similarity}.");
            Assert.Equal(expected[i].Similarity, actual[i].Similarity, 1e-5f);
        }
    }

    /// <summary>Asserts an approximate answer holds only members of the gallery, with their similarities, best first, and
    /// returns how many of the brute-force best it found.</summary>
    private int AssertPlausible(IReadOnlyList<FacenMatch> members, IReadOnlyList<FacenMatch> best, IReadOnlyList<FacenMatch> actual,
        int n, float minSimilarity)
    {
        var similarityOf = members.ToDictionary(match => match.FaceId, match => match.Similarity);
        Assert.InRange(actual.Count, 0, n);
        foreach (var match in actual)
        {
            Assert.True(similarityOf.TryGetValue(match.FaceId, out var similarity), $"Face {match.FaceId} is not in the gallery.");
            Assert.Equal(similarity, match.Similarity, SimilarityTolerance);
            Assert.True(match.Similarity >= minSimilarity);
        }
        Assert.Equal(actual.OrderByDescending(match => match.Similarity).ThenBy(match => match.FaceId), actual);
        return best.Select(match => match.FaceId).Intersect(actual.Select(match => match.FaceId)).Count();
    }
}
