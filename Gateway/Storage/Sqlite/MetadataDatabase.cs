using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.Storage.Sqlite;

/// <summary>The SQLite metadata file under Storage:DataDir: faces, galleries, cameras and tokens each keep their tables in it.</summary>
public sealed class MetadataDatabase
{
    private readonly string _connectionString;

    public MetadataDatabase(IOptions<StorageOptions> storage)
    {
        Directory.CreateDirectory(storage.Value.DataDir);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = storage.Value.MetadataDatabase }.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs statements that answer nothing, such as a store's schema.</summary>
    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
