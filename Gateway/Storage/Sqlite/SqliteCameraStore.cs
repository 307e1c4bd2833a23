using Microsoft.Data.Sqlite;

namespace Gateway.Storage.Sqlite;

/// <summary>Cameras in the SQLite metadata file, listed in the order they were added.</summary>
public sealed class SqliteCameraStore : ICameraStore
{
    private const string Columns = "id, meta, url, detector, rot_w, rot_h, rot_x, rot_y, roi_w, roi_h, roi_x, roi_y";

    private readonly MetadataDatabase _database;

    public SqliteCameraStore(MetadataDatabase database)
    {
        _database = database;
        database.Execute("""
            CREATE TABLE IF NOT EXISTS cameras (
                seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, meta TEXT, url TEXT, detector TEXT,
                rot_w INTEGER, rot_h INTEGER, rot_x INTEGER, rot_y INTEGER,
                roi_w INTEGER, roi_h INTEGER, roi_x INTEGER, roi_y INTEGER);
            CREATE INDEX IF NOT EXISTS cameras_by_detector ON cameras (detector, seq);
            """);
    }

    public async Task AddAsync(StoredCamera camera, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var insert = Command(connection, $"""
            INSERT INTO cameras ({Columns})
            VALUES ($id, $meta, $url, $detector, $rotW, $rotH, $rotX, $rotY, $roiW, $roiH, $roiX, $roiY)
            """);
        AddValues(insert, camera.Id, camera.Meta, camera.Url, camera.Detector, camera.Rot, camera.Roi);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredCamera?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"SELECT {Columns} FROM cameras WHERE id = $id");
        select.Parameters.AddWithValue("$id", Key(id));
        return (await ReadAsync(select, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<StoredCamera>> ListAsync(string? detector, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, detector is null
            ? $"SELECT {Columns} FROM cameras ORDER BY seq"
            : $"SELECT {Columns} FROM cameras WHERE detector = $detector ORDER BY seq");
        if (detector is not null)
            select.Parameters.AddWithValue("$detector", detector);
        return await ReadAsync(select, cancellationToken);
    }

    public async Task<StoredCamera?> UpdateAsync(Guid id, CameraChange change, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var update = Command(connection, $"""
            UPDATE cameras SET meta = coalesce($meta, meta), url = coalesce($url, url), detector = coalesce($detector, detector),
                rot_w = $rotW, rot_h = $rotH, rot_x = $rotX, rot_y = $rotY, roi_w = $roiW, roi_h = $roiH, roi_x = $roiX, roi_y = $roiY
            WHERE id = $id
            RETURNING {Columns}
            """);
        AddValues(update, id, change.Meta, change.Url, change.Detector, change.Rot, change.Roi);
        return (await ReadAsync(update, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var delete = Command(connection, "DELETE FROM cameras WHERE id = $id");
        delete.Parameters.AddWithValue("$id", Key(id));
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void AddValues(SqliteCommand command, Guid id, string? meta, string? url, string? detector, CameraRegion? rot, CameraRegion? roi)
    {
        command.Parameters.AddWithValue("$id", Key(id));
        command.Parameters.AddWithValue("$meta", (object?)meta ?? DBNull.Value);
        command.Parameters.AddWithValue("$url", (object?)url ?? DBNull.Value);
        command.Parameters.AddWithValue("$detector", (object?)detector ?? DBNull.Value);
        foreach (var (prefix, region) in new[] { ("$rot", rot), ("$roi", roi) })
        {
            command.Parameters.AddWithValue(prefix + "W", (object?)region?.Width ?? DBNull.Value);
            command.Parameters.AddWithValue(prefix + "H", (object?)region?.Height ?? DBNull.Value);
            command.Parameters.AddWithValue(prefix + "X", (object?)region?.X ?? DBNull.Value);
            command.Parameters.AddWithValue(prefix + "Y", (object?)region?.Y ?? DBNull.Value);
        }
    }

    private static async Task<List<StoredCamera>> ReadAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var cameras = new List<StoredCamera>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cameras.Add(new StoredCamera(
                Guid.Parse(reader.GetString(0)),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                ReadRegion(reader, 4),
                ReadRegion(reader, 8)));
        }
        return cameras;
    }

    private static CameraRegion? ReadRegion(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal)
        ? null
        : new CameraRegion(reader.GetInt32(ordinal), reader.GetInt32(ordinal + 1), reader.GetInt32(ordinal + 2), reader.GetInt32(ordinal + 3));

    // Ids are kept as the spec writes them, lowercase with dashes.
    private static string Key(Guid id) => id.ToString("D");

    private SqliteConnection Open() => _database.Open();

    private static SqliteCommand Command(SqliteConnection connection, string sql) => MetadataDatabase.Command(connection, sql);
}
