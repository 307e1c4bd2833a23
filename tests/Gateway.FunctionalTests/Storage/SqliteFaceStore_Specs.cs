using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;
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
        await new SqliteFaceStore(Database()).AddWithFacensAsync([earlier], CancellationToken.None);
        // The file as a version without capture keys (nor the galleries' copies, made later) left it.
        Database().Execute(DropGalleryCopies + "DROP INDEX faces_by_capture_key; ALTER TABLE faces DROP COLUMN capture_key");

        var store = new SqliteFaceStore(Database());
        var key = Guid.NewGuid();
        await store.AddWithFacensAsync([Face(2, "captured", []) with { CaptureKey = key }], CancellationToken.None);
        await store.AddWithFacensAsync([Face(3, "captured again", []) with { CaptureKey = key }], CancellationToken.None);

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

    /// <summary>A page of a gallery is read from the gallery's copy by its key (gallery, id), and the faces' galleries from
    /// face_galleries_by_face: no row of faces is looked up by its id, each of which would be a page of its own at 10M faces.</summary>
    [Fact]
    public void Should_plan_a_gallerys_page_on_its_copy_alone_and_look_up_no_faces_row()
    {
        _ = new SqliteFaceStore(Database());
        using var connection = Database().Open();
        foreach (var page in new FacePage[] { new(null, null, 100), new(1_000, null, 100), new(null, 10, 100) })
        {
            using var explain = MetadataDatabase.Command(connection,
                "EXPLAIN QUERY PLAN " + SqliteFaceStore.FacesQuery(inGallery: true, withMeta: false, page).Sql);
            SqliteFaceStore.AddPage(explain, page);
            explain.Parameters.AddWithValue("$gallery", "staff");
            var steps = new List<string>();
            using (var reader = explain.ExecuteReader())
            {
                while (reader.Read())
                    steps.Add(reader.GetString(3));
            }

            var plan = $"{page}: {string.Join("; ", steps)}";
            Assert.True(steps[0].StartsWith("SEARCH f USING PRIMARY KEY (gallery=? AND id", StringComparison.Ordinal), plan);
            Assert.True(steps.Any(step => step.Contains("USING COVERING INDEX face_galleries_by_face (face_id=?)", StringComparison.Ordinal)), plan);
            Assert.False(steps.Any(step => step.Contains("INTEGER PRIMARY KEY", StringComparison.Ordinal)), plan);
            Assert.Equal(2, steps.Count(step => step.StartsWith("SEARCH", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Should_count_the_metas_of_a_file_made_before_the_counts()
    {
        var store = new SqliteFaceStore(Database());
        await store.AddWithFacensAsync([Face(1, "alice", ["staff"]), Face(2, "alice", []), Face(3, "bob", ["staff"])], CancellationToken.None);
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

    /// <summary>A file made before the galleries' copies: at start each membership is copied once with the face as it is, and
    /// the copies follow the faces' changes from then on; a second start copies nothing.</summary>
    [Fact]
    public async Task Should_copy_the_gallery_faces_of_a_file_made_before_the_copies()
    {
        var earlier = new[] { Full(1, "alice", ["staff", "vip"]), Full(2, "bob", []), Full(3, "carol", ["staff"]) };
        await new SqliteFaceStore(Database()).AddWithFacensAsync(earlier, CancellationToken.None);
        // The file as a version without the copies left it.
        Database().Execute(DropGalleryCopies);

        var (copying, again) = (new RecordedLog(), new RecordedLog());
        var store = new SqliteFaceStore(Database(), copying);
        _ = new SqliteFaceStore(Database(), again);

        Assert.Contains("Copied the 3 gallery memberships", Assert.Single(copying.Lines));
        Assert.Empty(again.Lines);
        var staff = await store.ListAsync("staff", null, new FacePage(null, null, 10), CancellationToken.None);
        Assert.Equal([3L, 1], staff.Select(face => face.Id));
        AssertFace(earlier[2], staff[0]);
        AssertFace(earlier[0], staff[1]);
        await store.UpdateAsync(3, "carol b.", null, null, CancellationToken.None);
        await store.AddWithFacensAsync([Face(4, "dave", ["vip"])], CancellationToken.None);
        Assert.Equal("carol b.", (await store.ListAsync("staff", null, new FacePage(null, null, 10), CancellationToken.None))[0].Meta);
        Assert.Equal([4L, 1], (await store.ListAsync("vip", null, new FacePage(null, null, 10), CancellationToken.None)).Select(face => face.Id));
    }

    private const string DropGalleryCopies = """
        DROP TRIGGER gallery_faces_joined; DROP TRIGGER gallery_faces_left; DROP TRIGGER gallery_faces_face_changed;
        DROP TRIGGER gallery_faces_face_removed; DROP TABLE gallery_faces;
        """;

    /// <summary>A file made when each faces row held its 2 KB facen: at start its facens move to their own table and the columns
    /// go, every face and facen kept; a second start finds nothing to move.</summary>
    [Fact]
    public async Task Should_move_the_facens_of_a_file_made_when_faces_held_them_into_their_own_table()
    {
        // The schema as the version before the facens table made it (the columns added over time included), with its counts.
        var old = Database();
        old.Execute("""
            CREATE TABLE faces (
                id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, photo TEXT NOT NULL, photo_hash TEXT NOT NULL,
                thumbnail TEXT, normalized TEXT, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,
                meta TEXT NOT NULL, gender TEXT, gender_score REAL, age REAL, emotions TEXT,
                facen BLOB NOT NULL, facen_model TEXT NOT NULL,
                cam_id TEXT, person_id INTEGER, person_space TEXT, friend INTEGER, capture_key TEXT, person_confidence REAL);
            CREATE INDEX faces_by_meta ON faces (meta, id);
            CREATE TABLE galleries (name TEXT PRIMARY KEY, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE face_galleries (gallery TEXT NOT NULL, face_id INTEGER NOT NULL, PRIMARY KEY (gallery, face_id)) WITHOUT ROWID;
            CREATE INDEX face_galleries_by_face ON face_galleries (face_id);
            CREATE INDEX faces_by_person ON faces (person_id, id) WHERE person_id IS NOT NULL;
            CREATE INDEX faces_by_camera ON faces (cam_id, id) WHERE cam_id IS NOT NULL;
            CREATE UNIQUE INDEX faces_by_capture_key ON faces (capture_key) WHERE capture_key IS NOT NULL;
            CREATE INDEX faces_by_photo ON faces (photo);
            CREATE TABLE pending_faces (face_id INTEGER PRIMARY KEY, since TEXT NOT NULL, enrolling INTEGER NOT NULL, gallery TEXT);
            CREATE INDEX pending_faces_by_since ON pending_faces (since);
            """);
        MetaCounts.Create(old);
        var faces = new[] { Face(1, "alice", ["staff"]), Face(2, "alice", []) with { PersonId = 2, PersonSpace = "~cam1" }, Face(3, "bob", []) };
        using (var connection = old.Open())
        {
            foreach (var face in faces)
            {
                using var insert = MetadataDatabase.Command(connection, """
                    INSERT INTO faces (id, created_at, photo, photo_hash, x1, y1, x2, y2, meta, facen, facen_model, person_id, person_space)
                    VALUES ($id, $createdAt, $photo, $photoHash, $x1, $y1, $x2, $y2, $meta, $facen, $model, $personId, $space);
                    INSERT INTO face_galleries (gallery, face_id) SELECT value, $id FROM json_each($galleries);
                    """);
                insert.Parameters.AddWithValue("$id", face.Id);
                insert.Parameters.AddWithValue("$createdAt", face.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$photo", face.Photo);
                insert.Parameters.AddWithValue("$photoHash", face.PhotoHash);
                insert.Parameters.AddWithValue("$x1", face.Box.Left);
                insert.Parameters.AddWithValue("$y1", face.Box.Top);
                insert.Parameters.AddWithValue("$x2", face.Box.Right);
                insert.Parameters.AddWithValue("$y2", face.Box.Bottom);
                insert.Parameters.AddWithValue("$meta", face.Meta);
                insert.Parameters.AddWithValue("$facen", Gateway.Http.FacenEncoding.ToBytes(Facen(face.Id)));
                insert.Parameters.AddWithValue("$model", FacenModel);
                insert.Parameters.AddWithValue("$personId", (object?)face.PersonId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$space", (object?)face.PersonSpace ?? DBNull.Value);
                insert.Parameters.AddWithValue("$galleries", System.Text.Json.JsonSerializer.Serialize(face.Galleries));
                insert.ExecuteNonQuery();
            }
        }

        var (moving, again) = (new RecordedLog(), new RecordedLog());
        var store = new SqliteFaceStore(Database(), moving);
        _ = new SqliteFaceStore(Database(), again);

        // That version had no copies of the galleries' faces either.
        Assert.Equal(2, moving.Lines.Count);
        Assert.Contains("Moved the facens of 3 faces", moving.Lines[0]);
        Assert.Contains("Copied the 1 gallery memberships", moving.Lines[1]);
        Assert.Empty(again.Lines);
        Assert.DoesNotContain("facen", Scalars("SELECT name FROM pragma_table_info('faces')"));
        foreach (var face in faces)
            AssertFace(face, await store.GetAsync(face.Id, CancellationToken.None));
        var entries = (await store.GetIndexedAsync([1, 2, 3], CancellationToken.None)).OrderBy(entry => entry.FaceId).ToList();
        Assert.Equal([1L, 2, 3], entries.Select(entry => entry.FaceId));
        foreach (var entry in entries)
            Assert.Equal(Facen(entry.FaceId), entry.Facen);
        Assert.Equal(["staff"], entries[0].Galleries);
        Assert.Equal(["~cam1"], entries[1].Galleries);
        Assert.Equal([FacenModel], Scalars("SELECT DISTINCT model FROM facens"));
        Assert.Equal(["alice 2 1", "bob 1 3"], (await store.ListMetaAsync(null, new FacePage(null, null, 10), CancellationToken.None))
            .Select(meta => $"{meta.Meta} {meta.Count} {meta.Face.Id}").Order());
        // Faces stored after the move keep their facens in the new table as well.
        await store.AddWithFacensAsync([Face(4, "dave", [])], CancellationToken.None);
        Assert.Equal(Facen(4), Assert.Single(await store.GetIndexedAsync([4], CancellationToken.None)).Facen);
    }

    /// <summary>However a face leaves (itself, or with its gallery), its facen leaves with it, not left behind in the facens table.</summary>
    [Fact]
    public async Task Should_delete_a_faces_facen_with_it_whichever_way_the_face_is_deleted()
    {
        var store = new SqliteFaceStore(Database());
        await store.CreateGalleryAsync("staff", CancellationToken.None);
        await store.AddWithFacensAsync([Face(1, "a", ["staff"]), Face(2, "b", ["staff"]), Face(3, "c", []), Face(4, "d", [])],
            CancellationToken.None);

        await store.DeleteAsync(3, CancellationToken.None);
        await store.DeleteGalleryAsync("staff", CancellationToken.None);

        Assert.Equal(["4"], Scalars("SELECT face_id FROM facens"));
        Assert.Equal(["4"], Scalars("SELECT id FROM faces"));
    }

    /// <summary>A 2 KB facen does not fit twice in a 4 KB page, so that with SQLite's default pages each facen took 4 KB of the
    /// file; a new file's larger pages hold several.</summary>
    [Fact]
    public async Task Should_keep_each_facen_in_less_than_3_KB_of_a_new_file()
    {
        var store = new SqliteFaceStore(Database());
        const int faces = 2_000;
        await store.AddWithFacensAsync(Enumerable.Range(1, faces).Select(id => Face(id, $"meta {id}", [])), CancellationToken.None);

        var bytes = long.Parse(Scalars("PRAGMA page_count")[0]) * long.Parse(Scalars("PRAGMA page_size")[0]);

        Assert.Equal(MetadataDatabase.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalars("PRAGMA page_size")[0]);
        Assert.InRange(bytes / faces, 2_048, 3_000);
    }

    /// <summary>The lines a store logs, kept to be read.</summary>
    private sealed class RecordedLog : ILogger<SqliteFaceStore>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    private List<string> Scalars(string sql)
    {
        using var connection = Database().Open();
        using var select = MetadataDatabase.Command(connection, sql);
        using var reader = select.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    public override void Dispose() => _dataDir.Delete(recursive: true);

    private MetadataDatabase Database() => new(Options.Create(new StorageOptions { DataDir = _dataDir.FullName }));
}
