using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;
using static Gateway.FunctionalTests.Storage.StoredFaces;

namespace Gateway.FunctionalTests.Storage;

public sealed class SqliteFaceStore_Specs : FaceStoreContract
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("facepipe-store-");

    protected override IFaceStore CreateStore() => new SqliteFaceStore(Database());

    [Fact]
    public async Task Should_add_capture_keys_to_a_file_made_before_them()
    {
        var earlier = Face(1, "stored before capture keys", []);
        await new SqliteFaceStore(Database()).AddAsync([earlier], CancellationToken.None);
        // The file as a version without capture keys left it.
        Database().Execute("DROP INDEX faces_by_capture_key; ALTER TABLE faces DROP COLUMN capture_key");

        var store = new SqliteFaceStore(Database());
        var key = Guid.NewGuid();
        await store.AddAsync([Face(2, "captured", []) with { CaptureKey = key }], CancellationToken.None);
        await store.AddAsync([Face(3, "captured again", []) with { CaptureKey = key }], CancellationToken.None);

        AssertFace(earlier, await store.GetAsync(1, CancellationToken.None));
        Assert.Equal(2, (await store.FindCapturedAsync(key, CancellationToken.None))?.Id);
        Assert.Null(await store.GetAsync(3, CancellationToken.None));
    }

    /// <summary>Every listing's plan, for each shape of its filters and page, searches an index (or the table's key) and
    /// sorts nothing: a query that scanned a table would walk a million faces for a page of ten.</summary>
    [Fact]
    public void Should_plan_every_listing_on_an_index_and_never_scan_a_table()
    {
        _ = new SqliteFaceStore(Database());
        FacePage[] pages = [new(null, null, 10), new(1_000, null, 10), new(null, 10, 10), new(1_000, 10, 10)];
        var listings = pages.SelectMany(page => new[]
        {
            ("faces", SqliteFaceStore.FacesQuery(inGallery: false, withMeta: false, page).Sql),
            ("faces of a gallery", SqliteFaceStore.FacesQuery(inGallery: true, withMeta: false, page).Sql),
            ("faces of a meta", SqliteFaceStore.FacesQuery(inGallery: false, withMeta: true, page).Sql),
            ("faces of a meta in a gallery", SqliteFaceStore.FacesQuery(inGallery: true, withMeta: true, page).Sql),
            ("metas", SqliteFaceStore.MetaQuery(page).Sql),
            ("persons", SqliteFaceStore.PersonsQuery(page).Sql),
        }.Select(listing => (Name: $"{listing.Item1}, {page}", Sql: listing.Item2, Page: page))).ToList();

        using var connection = Database().Open();
        foreach (var listing in listings)
        {
            using var explain = MetadataDatabase.Command(connection, "EXPLAIN QUERY PLAN " + listing.Sql);
            SqliteFaceStore.AddPage(explain, listing.Page);
            if (listing.Sql.Contains("$meta"))
                explain.Parameters.AddWithValue("$meta", "alice");
            if (listing.Sql.Contains("$gallery"))
                explain.Parameters.AddWithValue("$gallery", "staff");
            var steps = new List<string>();
            using (var reader = explain.ExecuteReader())
            {
                while (reader.Read())
                    steps.Add(reader.GetString(3));
            }
            Assert.True(steps.Any(step => step.StartsWith("SEARCH", StringComparison.Ordinal)), $"{listing.Name}: {string.Join("; ", steps)}");
            Assert.False(steps.Any(step => step.StartsWith("SCAN", StringComparison.Ordinal) || step.Contains("TEMP B-TREE")),
                $"{listing.Name}: {string.Join("; ", steps)}");
        }
    }

    [Fact]
    public async Task Should_count_the_metas_of_a_file_made_before_the_counts()
    {
        var store = new SqliteFaceStore(Database());
        await store.AddAsync([Face(1, "alice", ["staff"]), Face(2, "alice", []), Face(3, "bob", ["staff"])], CancellationToken.None);
        // The file as a version without counts left it.
        Database().Execute("""
            DROP TRIGGER meta_counts_face_added; DROP TRIGGER meta_counts_face_removed; DROP TRIGGER meta_counts_meta_changed;
            DROP TRIGGER meta_counts_gallery_joined; DROP TRIGGER meta_counts_gallery_left; DROP TABLE meta_counts;
            """);

        var counted = new SqliteFaceStore(Database());

        Assert.Equal(["bob 1 3", "alice 2 1"], (await counted.ListMetaAsync(null, new FacePage(null, null, 10), CancellationToken.None))
            .Select(meta => $"{meta.Meta} {meta.Count} {meta.Face.Id}"));
        Assert.Equal(["bob 1 3", "alice 1 1"], (await counted.ListMetaAsync("staff", new FacePage(null, null, 10), CancellationToken.None))
            .Select(meta => $"{meta.Meta} {meta.Count} {meta.Face.Id}"));
    }

    public override void Dispose() => _dataDir.Delete(recursive: true);

    private MetadataDatabase Database() => new(Options.Create(new StorageOptions { DataDir = _dataDir.FullName }));
}
