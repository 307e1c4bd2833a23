using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Storage.Sqlite;

namespace Gateway.Auth;

/// <summary>
/// Tokens in the SQLite metadata store as HMAC-SHA256 hashes under the server secret, so that a copy of the file alone neither
/// grants access nor lets a short token (about 41 bits) be found by trying them all. Tokens stored by earlier versions as plain
/// SHA-256 hashes keep working, as <c>admin</c>, and are hashed again with the secret when first used.
/// </summary>
public sealed class SqliteTokenStore : ITokenStore
{
    private const string Hmac = "hmac";
    private const string LegacySha256 = "sha256";
    private const int IdLength = 12;

    private readonly MetadataDatabase _database;
    private readonly ServerSecret _secret;

    public SqliteTokenStore(MetadataDatabase database, ServerSecret secret)
    {
        (_database, _secret) = (database, secret);
        database.Execute("CREATE TABLE IF NOT EXISTS tokens (hash BLOB PRIMARY KEY, created_at TEXT NOT NULL)");
        // Tables made before scopes: their tokens could do everything, so they stay admin.
        database.AddMissingColumns("tokens", [$"scope TEXT NOT NULL DEFAULT '{TokenScopes.NameOf(TokenScope.Admin)}'",
            $"hash_kind TEXT NOT NULL DEFAULT '{LegacySha256}'"]);
    }

    public async Task AddAsync(string token, TokenScope scope, CancellationToken cancellationToken = default)
    {
        if (await FindScopeAsync(token, cancellationToken) is not null)
            return;
        await using var connection = _database.Open();
        await using var command = MetadataDatabase.Command(connection,
            "INSERT OR IGNORE INTO tokens (hash, created_at, scope, hash_kind) VALUES ($hash, $createdAt, $scope, $kind)");
        command.Parameters.AddWithValue("$hash", Hash(token));
        command.Parameters.AddWithValue("$createdAt", DateTimeOffset.UtcNow.ToString("O"));
        command.Parameters.AddWithValue("$scope", TokenScopes.NameOf(scope));
        command.Parameters.AddWithValue("$kind", Hmac);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TokenScope?> FindScopeAsync(string token, CancellationToken cancellationToken = default)
    {
        var (hash, legacy) = (Hash(token), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        TokenScope? scope = null;
        var isLegacy = false;
        // Every stored hash is compared, in constant time, so that timing tells nothing about the tokens; the store is read on
        // each call so that a token made or revoked by the token command counts at once.
        foreach (var row in await ReadAsync(cancellationToken))
        {
            var matches = CryptographicOperations.FixedTimeEquals(row.Kind == Hmac ? hash : legacy, row.Token.Hash);
            if (matches)
                (scope, isLegacy) = (row.Token.Scope, row.Kind != Hmac);
        }
        if (isLegacy)
            await RehashAsync(legacy, hash, cancellationToken);
        return scope;
    }

    public async Task<IReadOnlyList<StoredToken>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await ReadAsync(cancellationToken)).Select(row => row.Token).OrderBy(token => token.CreatedAt)];

    public async Task<IReadOnlyList<StoredToken>> MatchAsync(string tokenOrIdPrefix, CancellationToken cancellationToken = default)
    {
        var tokens = await ListAsync(cancellationToken);
        if (Tokens.IsWellFormed(tokenOrIdPrefix))
        {
            var (hash, legacy) = (Hash(tokenOrIdPrefix), SHA256.HashData(Encoding.UTF8.GetBytes(tokenOrIdPrefix)));
            return [.. tokens.Where(token => token.Hash.AsSpan().SequenceEqual(hash) || token.Hash.AsSpan().SequenceEqual(legacy))];
        }
        return tokenOrIdPrefix.Length == 0
            ? []
            : [.. tokens.Where(token => token.Id.StartsWith(tokenOrIdPrefix, StringComparison.OrdinalIgnoreCase))];
    }

    public async Task<bool> RevokeAsync(StoredToken token, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = MetadataDatabase.Command(connection, "DELETE FROM tokens WHERE hash = $hash");
        command.Parameters.AddWithValue("$hash", token.Hash);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private byte[] Hash(string token) => _secret.Mac(SecretPurpose.Token, token);

    private async Task<List<(StoredToken Token, string Kind)>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = MetadataDatabase.Command(connection, "SELECT hash, created_at, scope, hash_kind FROM tokens");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(StoredToken, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var hash = (byte[])reader[0];
            rows.Add((new StoredToken(Convert.ToHexStringLower(hash)[..IdLength], TokenScopes.Parse(reader.GetString(2)) ?? TokenScope.Read,
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), hash), reader.GetString(3)));
        }
        return rows;
    }

    private async Task RehashAsync(byte[] legacy, byte[] hash, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = MetadataDatabase.Command(connection, "UPDATE OR IGNORE tokens SET hash = $hash, hash_kind = $kind WHERE hash = $legacy");
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$kind", Hmac);
        command.Parameters.AddWithValue("$legacy", legacy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
