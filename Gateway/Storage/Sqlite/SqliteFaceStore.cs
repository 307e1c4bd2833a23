using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Contracts.Embedding;
using Contracts.Images;
using Contracts.Index;
using Gateway.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Index.Warmup;

namespace Gateway.Storage.Sqlite;

/// <summary>
/// Faces and galleries in the SQLite metadata file. Membership of <c>default</c> is implied, not stored, and
/// facens are kept as little-endian float32 blobs with their model's name in a table of their own: a 2 KB facen in each
/// <c>faces</c> row made every row fill a page, so that a page of 100 faces at a random point of a 10M-face file read ~100
/// pages from disk (p95 31-34 ms); without them the rows are a few hundred bytes and the listings' pages stay in memory.
/// </summary>
public sealed class SqliteFaceStore : IFaceStore, IFacenSource
{
    private const string PendingColumns = "face_id, since, enrolling, gallery";

    // A face as the listings answer it, from faces or from a gallery's copy of them (GalleryFaces), which hold the same columns.
    private static readonly string Columns =
        $"f.id, {GalleryFaces.Of("f")}, (SELECT group_concat(g.gallery, char(31)) FROM face_galleries g WHERE g.face_id = f.id)";


    private readonly MetadataDatabase _database;

    /// <param name="logger">Where the moves and copies that bring an older file up to date are written (none: not written).</param>
    public SqliteFaceStore(MetadataDatabase database, ILogger<SqliteFaceStore>? logger = null)
    {
        _database = database;
        database.Execute("""
            CREATE TABLE IF NOT EXISTS faces (
                id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, photo TEXT NOT NULL, photo_hash TEXT NOT NULL,
                thumbnail TEXT, normalized TEXT, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,
                meta TEXT NOT NULL, gender TEXT, gender_score REAL, age REAL, emotions TEXT);
            CREATE INDEX IF NOT EXISTS faces_by_meta ON faces (meta, id);
            CREATE TABLE IF NOT EXISTS galleries (name TEXT PRIMARY KEY, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS face_galleries (
                gallery TEXT NOT NULL, face_id INTEGER NOT NULL, PRIMARY KEY (gallery, face_id)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS face_galleries_by_face ON face_galleries (face_id);
            """);
        // Columns added since the first schema, for files made before them too. Timestamps are UTC, written as "O".
        database.AddMissingColumns("faces",
            ["cam_id TEXT", "person_id INTEGER", "person_space TEXT", "friend INTEGER", "capture_key TEXT", "person_confidence REAL"]);
        // A capture key is stored once: a capture handed twice is enrolled once.
        database.Execute("""
            CREATE INDEX IF NOT EXISTS faces_by_person ON faces (person_id, id) WHERE person_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS faces_by_camera ON faces (cam_id, id) WHERE cam_id IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS faces_by_capture_key ON faces (capture_key) WHERE capture_key IS NOT NULL;
            CREATE INDEX IF NOT EXISTS faces_by_photo ON faces (photo);
            CREATE TABLE IF NOT EXISTS pending_faces (
                face_id INTEGER PRIMARY KEY, since TEXT NOT NULL, enrolling INTEGER NOT NULL, gallery TEXT);
            CREATE INDEX IF NOT EXISTS pending_faces_by_since ON pending_faces (since);
            CREATE TABLE IF NOT EXISTS facens (face_id INTEGER PRIMARY KEY, facen BLOB NOT NULL, model TEXT NOT NULL);
            """);
        logger ??= NullLogger<SqliteFaceStore>.Instance;
        MoveFacensOutOfFaces(database, logger);
        // Every way a face leaves (one face, a gallery, whatever comes later) takes its facen with it.
        database.Execute("""
            CREATE TRIGGER IF NOT EXISTS facens_face_removed AFTER DELETE ON faces BEGIN
                DELETE FROM facens WHERE face_id = OLD.id;
            END;
            """);
        MetaCounts.Create(database);
        GalleryFaces.Create(database, logger);
    }

    /// <summary>A file made when each faces row held its facen (facen, facen_model) has them copied to the facens table and the
    /// columns dropped, in one transaction: a move cut short leaves the file as it was, to be moved at the next start.</summary>
    private static void MoveFacensOutOfFaces(MetadataDatabase database, ILogger logger)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using (var columns = Command(connection, "SELECT COUNT(*) FROM pragma_table_info('faces') WHERE name = 'facen'"))
        {
            if ((long)columns.ExecuteScalar()! == 0)
                return;
        }
        var watch = Stopwatch.StartNew();
        using var copy = Command(connection, "INSERT OR REPLACE INTO facens (face_id, facen, model) SELECT id, facen, facen_model FROM faces");
        using var drop = Command(connection, "ALTER TABLE faces DROP COLUMN facen; ALTER TABLE faces DROP COLUMN facen_model");
        // Minutes at 10M faces: the copy writes 2 KB per face, the drop rewrites every row.
        (copy.CommandTimeout, drop.CommandTimeout) = (0, 0);
        var moved = copy.ExecuteNonQuery();
        drop.ExecuteNonQuery();
        transaction.Commit();
        // The move went through the write-ahead log, as large as the facens and the rewritten rows: copied into the file and
        // emptied now, not left on disk until some later checkpoint.
        using var checkpoint = Command(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        checkpoint.CommandTimeout = 0;
        checkpoint.ExecuteNonQuery();
        logger.LogInformation("Moved the facens of {Faces} faces out of the faces table into the facens table in {Seconds:F1} s; " +
                              "the pages they left are reused by new faces (VACUUM gives them back to the disk)", moved, watch.Elapsed.TotalSeconds);
    }

    public async Task AddAsync(IReadOnlyList<FaceToStore> faces, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var face in faces)
            await InsertAsync(connection, face, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task MarkEnrollingAsync(IReadOnlyCollection<long> faceIds, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var id in faceIds)
            await MarkPendingAsync(connection, id, enrolling: true, gallery: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> AddEnrolledAsync(IReadOnlyList<FaceToStore> faces, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        var stored = 0;
        foreach (var face in faces)
        {
            await using var claim = Command(connection, "DELETE FROM pending_faces WHERE face_id = $id AND enrolling = 1");
            claim.Parameters.AddWithValue("$id", face.Face.Id);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                await InsertAsync(connection, face, cancellationToken);
                stored++;
            }
            else if (await GetAsync(connection, face.Face.Id, cancellationToken) is not null)
                stored++;
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<PendingFace>> GetPendingAsync(IReadOnlyCollection<long> faceIds, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"""
            SELECT {PendingColumns} FROM pending_faces WHERE face_id IN (SELECT value FROM json_each($ids))
            """);
        select.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(faceIds));
        return await ReadPendingAsync(select, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingFace>> ListPendingAsync(DateTime before, string? gallery, int limit, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"""
            SELECT {PendingColumns} FROM pending_faces WHERE since < $before AND ($gallery IS NULL OR gallery = $gallery)
            ORDER BY since LIMIT $limit
            """);
        select.Parameters.AddWithValue("$before", Time(before));
        select.Parameters.AddWithValue("$gallery", (object?)gallery ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", limit);
        return await ReadPendingAsync(select, cancellationToken);
    }

    public async Task ClearPendingAsync(IReadOnlyList<PendingFace> settled, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var face in settled)
        {
            await using var delete = Command(connection, "DELETE FROM pending_faces WHERE face_id = $id AND since = $since");
            delete.Parameters.AddWithValue("$id", face.FaceId);
            delete.Parameters.AddWithValue("$since", Time(face.Since));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<StoredFace?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await GetAsync(connection, id, cancellationToken);
    }

    public async Task<StoredFace?> FindCapturedAsync(Guid captureKey, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"SELECT {Columns} FROM faces f WHERE f.capture_key = $captureKey");
        select.Parameters.AddWithValue("$captureKey", CaptureKey(captureKey));
        return (await ReadFacesAsync(select, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyDictionary<long, StoredFace>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return (await GetManyAsync(connection, ids, cancellationToken)).ToDictionary(face => face.Id);
    }

    public async Task<IReadOnlyList<IndexedFacen>> GetIndexedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"""
            SELECT {IndexedColumns} FROM faces f WHERE f.id IN (SELECT value FROM json_each($ids))
            """);
        select.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        var faces = new List<IndexedFacen>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            faces.Add(ReadIndexed(reader));
        return faces;
    }

    public async Task<StoredFace?> UpdateAsync(long id, string? meta, GalleryChange? galleries, PersonAssignment? person,
        CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        var face = await GetAsync(connection, id, cancellationToken);
        if (face is null)
            return null;
        if (meta is not null)
        {
            await using var update = Command(connection, "UPDATE faces SET meta = $meta WHERE id = $id");
            update.Parameters.AddWithValue("$meta", meta);
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        if (person is not null)
        {
            await using var update = Command(connection, """
                UPDATE faces SET person_id = $personId, person_space = $space, person_confidence = NULL WHERE id = $id
                """);
            update.Parameters.AddWithValue("$personId", person.PersonId);
            update.Parameters.AddWithValue("$space", (object?)person.Space ?? DBNull.Value);
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        if (galleries is not null)
        {
            await using var clear = Command(connection, "DELETE FROM face_galleries WHERE face_id = $id");
            clear.Parameters.AddWithValue("$id", id);
            await clear.ExecuteNonQueryAsync(cancellationToken);
            await SetGalleriesAsync(connection, id, galleries.ApplyTo(face.Galleries), cancellationToken);
        }
        if (galleries is not null || person is not null)
            await MarkPendingAsync(connection, id, enrolling: false, gallery: null, cancellationToken);
        var updated = await GetAsync(connection, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        await using var delete = Command(connection, "DELETE FROM face_galleries WHERE face_id = $id; DELETE FROM faces WHERE id = $id");
        delete.Parameters.AddWithValue("$id", id);
        if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            return false;
        await MarkPendingAsync(connection, id, enrolling: false, gallery: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<StoredFace>> ListAsync(string? gallery, string? meta, FacePage page, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var (sql, order) = FacesQuery(gallery is not null, meta is not null, page);
        await using var select = Command(connection, sql);
        AddPage(select, page);
        if (meta is not null)
            select.Parameters.AddWithValue("$meta", meta);
        if (gallery is not null)
            select.Parameters.AddWithValue("$gallery", gallery);
        return NewestFirst(await ReadFacesAsync(select, cancellationToken), order);
    }

    /// <summary>The listing of faces of one shape: with or without a gallery, a meta, and each side of the page window. One
    /// query per shape, since a predicate such as <c>$meta IS NULL OR f.meta = $meta</c> keeps SQLite from its indexes.</summary>
    internal static (string Sql, string Order) FacesQuery(bool inGallery, bool withMeta, FacePage page)
    {
        // A gallery alone is read from its copy clustered by (gallery, id) (GalleryFaces), in face id order, so that its plan looks
        // up no row of faces; a meta from faces_by_meta (meta, id).
        var (window, order) = Window("f.id", page);
        var source = inGallery && !withMeta ? "gallery_faces f" : "faces f";
        var filters = new List<string> { window };
        if (inGallery && !withMeta)
            filters.Add("f.gallery = $gallery");
        if (withMeta)
            filters.Add("f.meta = $meta");
        if (inGallery && withMeta)
            filters.Add("EXISTS (SELECT 1 FROM face_galleries g WHERE g.gallery = $gallery AND g.face_id = f.id)");
        return ($"SELECT {Columns} FROM {source} WHERE {string.Join(" AND ", filters)} ORDER BY f.id {order} LIMIT $limit", order);
    }

    public async Task<IReadOnlyList<MetaSummary>> ListMetaAsync(string? gallery, FacePage page, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var (sql, order) = MetaQuery(page);
        await using var select = Command(connection, sql);
        AddPage(select, page);
        select.Parameters.AddWithValue("$gallery", MetaCounts.Gallery(gallery));
        var rows = new List<(string Meta, int Count, long FirstId)>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }
        NewestFirst(rows, order);
        // The first faces of the page in one query rather than one query per meta.
        var faces = (await GetManyAsync(connection, rows.Select(row => row.FirstId).ToList(), cancellationToken)).ToDictionary(face => face.Id);
        return rows.Where(row => faces.ContainsKey(row.FirstId)).Select(row => new MetaSummary(row.Meta, row.Count, faces[row.FirstId])).ToList();
    }

    /// <summary>A page of metas by their first face, from the counts kept as faces come and go (<see cref="MetaCounts"/>).</summary>
    internal static (string Sql, string Order) MetaQuery(FacePage page)
    {
        var (window, order) = Window("first_id", page);
        return ($"SELECT meta, count, first_id FROM meta_counts WHERE gallery = $gallery AND {window} ORDER BY first_id {order} LIMIT $limit", order);
    }

    public async Task<long> MaxIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, "SELECT COALESCE(MAX(id), 0) FROM faces");
        return (long)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<PersonSummary>> ListPersonsAsync(FacePage page, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var (sql, order) = PersonsQuery(page);
        await using var select = Command(connection, sql);
        AddPage(select, page);
        return NewestFirst(await ReadPersonsAsync(select, cancellationToken), order);
    }

    /// <summary>A page of persons from faces_by_person: each person once, with the meta of their first face.</summary>
    internal static (string Sql, string Order) PersonsQuery(FacePage page)
    {
        var (window, order) = Window("p.person_id", page);
        return ($"""
            SELECT p.person_id, (SELECT f.meta FROM faces f WHERE f.person_id = p.person_id ORDER BY f.id LIMIT 1)
            FROM faces p WHERE p.person_id IS NOT NULL AND {window}
            GROUP BY p.person_id ORDER BY p.person_id {order} LIMIT $limit
            """, order);
    }

    public async Task<PersonSummary?> GetPersonAsync(long personId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, "SELECT person_id, meta FROM faces WHERE person_id = $personId ORDER BY id LIMIT 1");
        select.Parameters.AddWithValue("$personId", personId);
        return (await ReadPersonsAsync(select, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<StoredFace>> ListHistoryAsync(HistoryFilter filter, FacePage page, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var (window, order) = Window("f.id", page);
        await using var select = Command(connection, $"""
            SELECT {Columns} FROM faces f
            WHERE {window} AND f.cam_id IS NOT NULL
              AND ($personId IS NULL OR f.person_id = $personId)
              AND ($cameras IS NULL OR f.cam_id IN (SELECT value FROM json_each($cameras)))
              AND ($start IS NULL OR f.created_at >= $start) AND ($end IS NULL OR f.created_at <= $end)
              AND ($friend IS NULL OR f.friend = $friend)
            ORDER BY f.id {order} LIMIT $limit
            """);
        AddPage(select, page);
        select.Parameters.AddWithValue("$personId", (object?)filter.PersonId ?? DBNull.Value);
        select.Parameters.AddWithValue("$cameras", filter.CameraIds is null ? DBNull.Value : JsonSerializer.Serialize(filter.CameraIds));
        select.Parameters.AddWithValue("$start", filter.Start is { } start ? Time(start) : DBNull.Value);
        select.Parameters.AddWithValue("$end", filter.End is { } end ? Time(end) : DBNull.Value);
        select.Parameters.AddWithValue("$friend", (object?)filter.Friend ?? DBNull.Value);
        return NewestFirst(await ReadFacesAsync(select, cancellationToken), order);
    }

    public async Task<int> CountDaysSeenAsync(long personId, string cameraId, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        // "O" timestamps start with the date, and compare as times do.
        await using var select = Command(connection, """
            SELECT COUNT(DISTINCT substr(created_at, 1, 10)) FROM faces
            WHERE person_id = $personId AND cam_id = $cameraId AND created_at >= $from AND created_at <= $to
            """);
        select.Parameters.AddWithValue("$personId", personId);
        select.Parameters.AddWithValue("$cameraId", cameraId);
        select.Parameters.AddWithValue("$from", Time(from));
        select.Parameters.AddWithValue("$to", Time(to));
        return (int)(long)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<string>> ListGalleriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, "SELECT name FROM galleries ORDER BY name");
        var names = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            names.Add(reader.GetString(0));
        return names;
    }

    public async Task<bool> GalleryExistsAsync(string gallery, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, "SELECT 1 FROM galleries WHERE name = $name");
        select.Parameters.AddWithValue("$name", gallery);
        return await select.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<bool> CreateGalleryAsync(string gallery, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var insert = Command(connection, "INSERT OR IGNORE INTO galleries (name, created_at) VALUES ($name, $createdAt)");
        insert.Parameters.AddWithValue("$name", gallery);
        insert.Parameters.AddWithValue("$createdAt", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return await insert.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<StoredFace>?> DeleteGalleryAsync(string gallery, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        await using var members = Command(connection,
            $"SELECT {Columns} FROM faces f WHERE f.id IN (SELECT face_id FROM face_galleries WHERE gallery = $name)");
        members.Parameters.AddWithValue("$name", gallery);
        var faces = await ReadFacesAsync(members, cancellationToken);
        await using var delete = Command(connection, """
            DELETE FROM faces WHERE id IN (SELECT face_id FROM face_galleries WHERE gallery = $name);
            DELETE FROM face_galleries WHERE face_id IN (SELECT value FROM json_each($ids));
            DELETE FROM galleries WHERE name = $name;
            SELECT changes();
            """);
        delete.Parameters.AddWithValue("$name", gallery);
        delete.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(faces.Select(face => face.Id)));
        var galleriesDeleted = (long)(await delete.ExecuteScalarAsync(cancellationToken))!;
        foreach (var face in faces)
            await MarkPendingAsync(connection, face.Id, enrolling: false, gallery, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return galleriesDeleted > 0 ? faces : null;
    }

    public async Task<IReadOnlySet<string>> FilesInUseAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        // Photos are looked up by their index (a deletion asks about one); thumbnails and normalized faces in one scan of the table.
        await using var connection = Open();
        await using var select = Command(connection, """
            WITH wanted(path) AS (SELECT value FROM json_each($paths))
            SELECT photo FROM faces WHERE photo IN wanted
            UNION SELECT thumbnail FROM faces WHERE thumbnail IN wanted
            UNION SELECT normalized FROM faces WHERE normalized IN wanted
            """);
        select.Parameters.AddWithValue("$paths", JsonSerializer.Serialize(paths));
        var inUse = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            inUse.Add(reader.GetString(0));
        return inUse;
    }

    public async Task SetFacensAsync(IReadOnlyDictionary<long, float[]> facens, string model, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var (id, facen) in facens)
        {
            await using var update = Command(connection, "UPDATE facens SET facen = $facen, model = $model WHERE face_id = $id");
            update.Parameters.AddWithValue("$facen", FacenEncoding.ToBytes(facen));
            update.Parameters.AddWithValue("$model", model);
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<IndexedFacen> ReadAsync(string gallery, long afterId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"SELECT {IndexedColumns} FROM {InGalleryAfter(gallery)}");
        AddGalleryAfter(select, gallery, afterId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadIndexed(reader);
    }

    // A face's index entry. The facen is read by its key beside each face, so that the faces are read in the order of the
    // query's own key (a gallery's, or their ids).
    private const string IndexedColumns =
        "f.id, (SELECT n.facen FROM facens n WHERE n.face_id = f.id), " +
        "(SELECT group_concat(g.gallery, char(31)) FROM face_galleries g WHERE g.face_id = f.id), f.person_space";

    private static IndexedFacen ReadIndexed(SqliteDataReader reader) => new(reader.GetInt64(0), ReadFacen(reader, 1),
        PersonSpaces.WithGalleries(ReadGalleries(reader, 2), reader.IsDBNull(3) ? null : reader.GetString(3)));

    public async Task<int> CountAsync(string gallery, long afterId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"SELECT COUNT(*) FROM {InGalleryAfter(gallery)}");
        AddGalleryAfter(select, gallery, afterId);
        return (int)(long)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The faces a fill of the index reads, in id order: those of a gallery ("default": every face) above a face id.</summary>
    private static string InGalleryAfter(string gallery) => gallery == GalleryNames.Default
        ? "faces f WHERE f.id > $afterId ORDER BY f.id"
        : "gallery_faces f WHERE f.gallery = $gallery AND f.id > $afterId ORDER BY f.id";

    private static void AddGalleryAfter(SqliteCommand command, string gallery, long afterId)
    {
        command.Parameters.AddWithValue("$afterId", afterId);
        if (gallery != GalleryNames.Default)
            command.Parameters.AddWithValue("$gallery", gallery);
    }

    private static async Task<List<StoredFace>> GetManyAsync(SqliteConnection connection, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, $"SELECT {Columns} FROM faces f WHERE f.id IN (SELECT value FROM json_each($ids))");
        select.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        return await ReadFacesAsync(select, cancellationToken);
    }

    private static async Task<StoredFace?> GetAsync(SqliteConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, $"SELECT {Columns} FROM faces f WHERE f.id = $id");
        select.Parameters.AddWithValue("$id", id);
        return (await ReadFacesAsync(select, cancellationToken)).SingleOrDefault();
    }

    // A face already stored is kept as it is (its enrollment tried again), and a capture enrolled already is not enrolled again
    // (a redelivered CaptureFace).
    private static async Task InsertAsync(SqliteConnection connection, FaceToStore added, CancellationToken cancellationToken)
    {
        var face = added.Face;
        await using var insert = Command(connection, """
            INSERT OR IGNORE INTO faces (id, created_at, photo, photo_hash, thumbnail, normalized, x1, y1, x2, y2, meta,
                               gender, gender_score, age, emotions, cam_id, person_id, person_space, friend,
                               capture_key, person_confidence)
            VALUES ($id, $createdAt, $photo, $photoHash, $thumbnail, $normalized, $x1, $y1, $x2, $y2, $meta,
                    $gender, $genderScore, $age, $emotions, $camId, $personId, $personSpace, $friend,
                    $captureKey, $personConfidence)
            """);
        insert.Parameters.AddWithValue("$id", face.Id);
        insert.Parameters.AddWithValue("$createdAt", Time(face.Timestamp));
        insert.Parameters.AddWithValue("$photo", face.Photo);
        insert.Parameters.AddWithValue("$photoHash", face.PhotoHash);
        insert.Parameters.AddWithValue("$thumbnail", (object?)face.Thumbnail ?? DBNull.Value);
        insert.Parameters.AddWithValue("$normalized", (object?)face.Normalized ?? DBNull.Value);
        insert.Parameters.AddWithValue("$x1", face.Box.Left);
        insert.Parameters.AddWithValue("$y1", face.Box.Top);
        insert.Parameters.AddWithValue("$x2", face.Box.Right);
        insert.Parameters.AddWithValue("$y2", face.Box.Bottom);
        insert.Parameters.AddWithValue("$meta", face.Meta);
        insert.Parameters.AddWithValue("$gender", (object?)face.Gender?.Gender ?? DBNull.Value);
        insert.Parameters.AddWithValue("$genderScore", (object?)face.Gender?.Score ?? DBNull.Value);
        insert.Parameters.AddWithValue("$age", (object?)face.Age ?? DBNull.Value);
        insert.Parameters.AddWithValue("$emotions", face.Emotions is null ? DBNull.Value : JsonSerializer.Serialize(face.Emotions));
        insert.Parameters.AddWithValue("$camId", (object?)face.CameraId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$personId", (object?)face.PersonId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$personSpace", (object?)face.PersonSpace ?? DBNull.Value);
        insert.Parameters.AddWithValue("$friend", (object?)face.Friend ?? DBNull.Value);
        insert.Parameters.AddWithValue("$captureKey", face.CaptureKey is { } key ? CaptureKey(key) : DBNull.Value);
        insert.Parameters.AddWithValue("$personConfidence", (object?)face.PersonConfidence ?? DBNull.Value);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            return;
        await using var facen = Command(connection, "INSERT OR REPLACE INTO facens (face_id, facen, model) VALUES ($id, $facen, $model)");
        facen.Parameters.AddWithValue("$id", face.Id);
        facen.Parameters.AddWithValue("$facen", FacenEncoding.ToBytes(added.Facen));
        facen.Parameters.AddWithValue("$model", added.FacenModel);
        await facen.ExecuteNonQueryAsync(cancellationToken);
        await SetGalleriesAsync(connection, face.Id, face.Galleries, cancellationToken);
    }

    private static async Task MarkPendingAsync(SqliteConnection connection, long id, bool enrolling, string? gallery,
        CancellationToken cancellationToken)
    {
        await using var mark = Command(connection, """
            INSERT INTO pending_faces (face_id, since, enrolling, gallery) VALUES ($id, $since, $enrolling, $gallery)
            ON CONFLICT (face_id) DO UPDATE SET since = excluded.since, enrolling = excluded.enrolling, gallery = excluded.gallery
            """);
        mark.Parameters.AddWithValue("$id", id);
        mark.Parameters.AddWithValue("$since", Time(DateTime.UtcNow));
        mark.Parameters.AddWithValue("$enrolling", enrolling);
        mark.Parameters.AddWithValue("$gallery", (object?)gallery ?? DBNull.Value);
        await mark.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<PendingFace>> ReadPendingAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var pending = new List<PendingFace>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingFace(reader.GetInt64(0),
                DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return pending;
    }

    private static async Task SetGalleriesAsync(SqliteConnection connection, long id, IEnumerable<string> galleries, CancellationToken cancellationToken)
    {
        foreach (var gallery in GalleryNames.Named(galleries))
        {
            await using var insert = Command(connection, "INSERT OR IGNORE INTO face_galleries (gallery, face_id) VALUES ($gallery, $id)");
            insert.Parameters.AddWithValue("$gallery", gallery);
            insert.Parameters.AddWithValue("$id", id);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // Paging forward takes ids below max_id, newest first; paging back takes the nearest ids above min_id,
    // read oldest first and reversed by the caller.
    /// <summary>Rows read oldest first, for a page back, turned newest first as every listing answers.</summary>
    private static List<T> NewestFirst<T>(List<T> rows, string order)
    {
        if (order == "ASC")
            rows.Reverse();
        return rows;
    }

    // A page forward is always a range below $maxId (the first page's is above every id), so that each listing's plan searches
    // an index rather than scanning a table, as an optional bound ($maxId IS NULL OR ...) would make it.
    private static (string Window, string Order) Window(string column, FacePage page) => page.MinId is not null && page.MaxId is null
        ? ($"{column} > $minId", "ASC")
        : ($"{column} < $maxId" + (page.MinId is null ? "" : $" AND {column} > $minId"), "DESC");

    internal static void AddPage(SqliteCommand command, FacePage page)
    {
        command.Parameters.AddWithValue("$maxId", page.MaxId ?? long.MaxValue);
        command.Parameters.AddWithValue("$minId", (object?)page.MinId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", page.Limit);
    }

    private static async Task<List<StoredFace>> ReadFacesAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var faces = new List<StoredFace>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            faces.Add(new StoredFace(
                reader.GetInt64(0),
                DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                new Box(reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9)),
                reader.GetString(10),
                ReadGalleries(reader, 21),
                reader.IsDBNull(11) ? null : new GenderEstimate(reader.GetString(11), reader.GetFloat(12)),
                reader.IsDBNull(13) ? null : reader.GetFloat(13),
                reader.IsDBNull(14) ? null : JsonSerializer.Deserialize<List<EmotionScore>>(reader.GetString(14)),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.IsDBNull(16) ? null : reader.GetInt64(16),
                reader.IsDBNull(17) ? null : reader.GetString(17),
                reader.IsDBNull(18) ? null : reader.GetBoolean(18),
                reader.IsDBNull(19) ? null : Guid.Parse(reader.GetString(19)),
                reader.IsDBNull(20) ? null : reader.GetFloat(20)));
        }
        return faces;
    }

    private static async Task<List<PersonSummary>> ReadPersonsAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var persons = new List<PersonSummary>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            persons.Add(new PersonSummary(reader.GetInt64(0), reader.GetString(1)));
        return persons;
    }

    // As text, which the sqlite3 shell shows as it is (the provider would bind a Guid as a 16-byte blob).
    private static string CaptureKey(Guid key) => key.ToString("D");

    private static string Time(DateTime time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static float[] ReadFacen(SqliteDataReader reader, int ordinal) =>
        FacenEncoding.FromBytes((byte[])reader[ordinal]);

    private static IReadOnlyList<string> ReadGalleries(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetString(ordinal).Split('\u001f').Order(StringComparer.Ordinal).ToList();

    private SqliteConnection Open() => _database.Open();

    private static SqliteCommand Command(SqliteConnection connection, string sql) => MetadataDatabase.Command(connection, sql);
}
