using System.Security.Cryptography;
using System.Text;
using Gateway.Storage.Sqlite;

namespace Gateway.Auth;

/// <summary>Tokens in the SQLite metadata store, as SHA-256 hashes only, so that a copy of the file grants no access.</summary>
public sealed class SqliteTokenStore : ITokenStore
{
    private readonly MetadataDatabase _database;

    public SqliteTokenStore(MetadataDatabase database)
    {
        _database = database;
        database.Execute("CREATE TABLE IF NOT EXISTS tokens (hash BLOB PRIMARY KEY, created_at TEXT NOT NULL)");
    }

    public async Task AddAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = MetadataDatabase.Command(connection, "INSERT OR IGNORE INTO tokens (hash, created_at) VALUES ($hash, $createdAt)");
        command.Parameters.AddWithValue("$hash", Hash(token));
        command.Parameters.AddWithValue("$createdAt", DateTimeOffset.UtcNow.ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsValidAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Hash(token);
        await using var connection = _database.Open();
        await using var command = MetadataDatabase.Command(connection, "SELECT hash FROM tokens");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Every stored hash is compared, in constant time, so that timing tells nothing about the tokens;
        // the store is read on each call so that a token made by the token command works at once.
        var found = false;
        while (await reader.ReadAsync(cancellationToken))
            found |= CryptographicOperations.FixedTimeEquals(hash, (byte[])reader[0]);
        return found;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
