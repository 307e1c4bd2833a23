using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.Storage.Sqlite;

/// <summary>The SQLite metadata file under Storage:DataDir: faces, galleries, cameras and tokens each keep their tables in it.</summary>
public sealed class MetadataDatabase
{
    private readonly string _connectionString;
    private readonly string _synchronous;

    public MetadataDatabase(IOptions<StorageOptions> storage)
    {
        Directory.CreateDirectory(storage.Value.DataDir);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = storage.Value.MetadataDatabase }.ToString();
        // In WAL mode NORMAL never corrupts the file; it skips the fsync of each commit (~6 ms on this project's VMs), so
        // a power cut (not a crash of the process) may take back the last commits, as MongoDB's default journaling may.
        _synchronous = storage.Value.SyncEachCommit ? "FULL" : "NORMAL";
        // Taken by a new file only (an existing one keeps its size until a VACUUM). A 2 KB facen and its cell header do not fit twice
        // in SQLite's default 4 KB page, so each facen took a page of its own (4 KB a face, 41 GB at 10M faces); 16 KB pages hold
        // seven (2.3 KB a face).
        Execute($"PRAGMA page_size = {PageSize}; PRAGMA journal_mode = WAL");
    }

    /// <summary>The page size of a new file, in bytes.</summary>
    public const int PageSize = 16_384;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // A connection's own settings, not the file's. secure_delete: a deleted face's facen and meta are overwritten with zeros,
        // not left in free pages of the file for anyone who copies it.
        using var settings = Command(connection, $"PRAGMA synchronous = {_synchronous}; PRAGMA secure_delete = ON");
        settings.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs statements that answer nothing, such as a store's schema.</summary>
    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    /// <summary>Adds the columns ("name TYPE") a table made by an older version lacks.</summary>
    public void AddMissingColumns(string table, IReadOnlyList<string> columns)
    {
        using var connection = Open();
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = Command(connection, $"SELECT name FROM pragma_table_info('{table}')"))
        using (var reader = info.ExecuteReader())
        {
            while (reader.Read())
                existing.Add(reader.GetString(0));
        }
        foreach (var column in columns.Where(column => !existing.Contains(column.Split(' ')[0])))
        {
            using var alter = Command(connection, $"ALTER TABLE {table} ADD COLUMN {column}");
            alter.ExecuteNonQuery();
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
