using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.FunctionalTests.Storage;

public sealed class MetadataDatabase_Specs : IDisposable
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("facepipe-metadata-");

    [Theory]
    [InlineData(false, 1L)] // NORMAL
    [InlineData(true, 2L)] // FULL
    public void Should_open_write_ahead_logged_connections_that_sync_as_configured(bool syncEachCommit, long synchronous)
    {
        var database = new MetadataDatabase(Options.Create(new StorageOptions { DataDir = _dataDir.FullName, SyncEachCommit = syncEachCommit }));

        using var connection = database.Open();

        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal(synchronous, Scalar("PRAGMA synchronous"));

        object Scalar(string sql)
        {
            using var command = MetadataDatabase.Command(connection, sql);
            return command.ExecuteScalar()!;
        }
    }

    public void Dispose() => _dataDir.Delete(recursive: true);
}
