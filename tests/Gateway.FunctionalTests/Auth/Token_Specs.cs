using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gateway.Auth;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.FunctionalTests.Auth;

[Collection(GatewayCollection.Name)]
public sealed class Token_Specs(GatewayFactory gateway)
{
    private const string Body = """{"requests":[{"image":"multipart:face"}]}""";

    [Fact]
    public async Task Should_refuse_a_request_without_a_token()
    {
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Json(Body));

        await AssertAuthFailedAsync(response);
        Assert.Equal("Token", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("Token wrong-token_wrong-token_wrong-tok")]
    [InlineData("Token AAAA-BBBB")]
    [InlineData("Bearer " + GatewayFactory.Token)]
    [InlineData(GatewayFactory.Token)]
    public async Task Should_refuse_a_wrong_token(string authorization)
    {
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.PostAsync("/v1/extract", Requests.Json(Body));

        await AssertAuthFailedAsync(response);
    }

    [Fact]
    public async Task Should_accept_the_bootstrap_token()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Json("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // past authentication, to validation
    }

    [Theory]
    [InlineData(false, @"^[A-Za-z0-9_-]{32}$")]
    [InlineData(true, @"^[A-Z0-9]{4}-[A-Z0-9]{4}$")]
    public async Task Should_print_a_token_that_then_authenticates(bool isShort, string format)
    {
        _ = gateway.Server; // the server is running while the command adds the token
        var token = await RunTokenCommandAsync(isShort);

        Assert.Matches(format, token);
        Assert.True(Tokens.IsWellFormed(token));
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await client.PostAsync("/v1/extract", Requests.Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("read", "GET", "/v0/faces", HttpStatusCode.OK)]
    [InlineData("read", "GET", "/v1/galleries", HttpStatusCode.OK)]
    [InlineData("read", "POST", "/v0/galleries/{new}", HttpStatusCode.Forbidden)]
    [InlineData("read", "DELETE", "/v0/face/id/1", HttpStatusCode.Forbidden)]
    [InlineData("read", "POST", "/v1/extract", HttpStatusCode.Forbidden)]
    [InlineData("read", "GET", "/v0/camera", HttpStatusCode.Forbidden)]
    [InlineData("api", "POST", "/v0/galleries/{new}", HttpStatusCode.Created)]
    [InlineData("api", "GET", "/v0/camera", HttpStatusCode.Forbidden)]
    [InlineData("api", "POST", "/v1/camera", HttpStatusCode.Forbidden)]
    [InlineData("api", "GET", "/v1/stat/list/1/10", HttpStatusCode.Forbidden)]
    [InlineData("api", "GET", "/v1/default/list/0/10", HttpStatusCode.Forbidden)]
    [InlineData("api", "POST", "/v1/default/add/1", HttpStatusCode.Forbidden)]
    [InlineData("admin", "GET", "/v0/camera", HttpStatusCode.OK)]
    [InlineData("admin", "GET", "/v1/stat/list/1/10", HttpStatusCode.OK)]
    public async Task Should_allow_a_scope_what_it_covers_and_answer_FORBIDDEN_beyond(string scope, string method, string path, HttpStatusCode status)
    {
        var token = Tokens.New(isShort: false);
        await gateway.Services.GetRequiredService<ITokenStore>().AddAsync(token, TokenScopes.Parse(scope)!.Value);
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{new}", $"g{Guid.NewGuid():N}")));

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Forbidden)
            Assert.Equal("FORBIDDEN", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Should_list_tokens_and_revoke_one_by_itself_or_by_its_id_so_that_it_fails_at_once()
    {
        _ = gateway.Server;
        var (exitCode, reader, errors) = await GatewayProgram.RunAsync(gateway.DataDir, [], ["token", "--scope", "read"]);
        Assert.True(exitCode == 0, errors);
        reader = reader.Trim();
        var tokens = gateway.Services.GetRequiredService<ITokenStore>();
        var other = Tokens.New(isShort: true);
        await tokens.AddAsync(other, TokenScope.Api);
        var otherId = Assert.Single(await tokens.MatchAsync(other)).Id;

        (exitCode, var listing, _) = await GatewayProgram.RunAsync(gateway.DataDir, [], ["token", "list"]);
        Assert.Equal(0, exitCode);
        Assert.Contains(listing.Split('\n'), line => line.StartsWith(otherId + " api "));
        var readerId = Assert.Single(await tokens.MatchAsync(reader)).Id;
        Assert.Contains(listing.Split('\n'), line => line.StartsWith(readerId + " read "));
        Assert.DoesNotContain(reader, listing);
        Assert.DoesNotContain(other, listing);

        (exitCode, var output, _) = await GatewayProgram.RunAsync(gateway.DataDir, [], ["token", "revoke", reader]);
        Assert.True(exitCode == 0, output);
        (exitCode, output, _) = await GatewayProgram.RunAsync(gateway.DataDir, [], ["token", "revoke", otherId[..6]]);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"token {otherId} (api) revoked", output);
        (exitCode, output, _) = await GatewayProgram.RunAsync(gateway.DataDir, [], ["token", "revoke", otherId[..6]]);
        Assert.Equal(2, exitCode);

        foreach (var revoked in new[] { reader, other })
        {
            using var client = gateway.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", revoked);
            await AssertAuthFailedAsync(await client.GetAsync("/v0/faces"));
        }
    }

    [Fact]
    public async Task Should_keep_no_hash_of_a_token_that_can_be_checked_without_the_server_secret()
    {
        _ = gateway.Server;
        var token = await RunTokenCommandAsync(isShort: true);

        var stored = await ReadTokenHashesAsync(gateway.DataDir);

        Assert.DoesNotContain(stored, hash => hash.AsSpan().SequenceEqual(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        Assert.Contains(stored, hash => hash.AsSpan().SequenceEqual(gateway.Services.GetRequiredService<ServerSecret>().Mac(SecretPurpose.Token, token)));
    }

    [Fact]
    public async Task Should_keep_the_tokens_of_an_older_store_as_admin_and_hash_them_again_with_the_secret()
    {
        var dataDir = Directory.CreateTempSubdirectory("facepipe-tokens-").FullName;
        var token = Tokens.New(isShort: true);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "metadata.db")};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE tokens (hash BLOB PRIMARY KEY, created_at TEXT NOT NULL); INSERT INTO tokens VALUES ($hash, '2026-11-01T00:00:00Z')";
            create.Parameters.AddWithValue("$hash", SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            create.ExecuteNonQuery();
        }
        await using (var upgraded = new GatewayOnDataDir(dataDir))
        {
            using var client = upgraded.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);

            using var cameras = await client.GetAsync("/v0/camera");

            Assert.Equal(HttpStatusCode.OK, cameras.StatusCode); // admin
            Assert.DoesNotContain(await ReadTokenHashesAsync(dataDir), hash => hash.AsSpan().SequenceEqual(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    private static async Task<List<byte[]>> ReadTokenHashesAsync(string dataDir)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "metadata.db")};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT hash FROM tokens";
        await using var reader = await select.ExecuteReaderAsync();
        var hashes = new List<byte[]>();
        while (await reader.ReadAsync())
            hashes.Add((byte[])reader[0]);
        return hashes;
    }

    private async Task<string> RunTokenCommandAsync(bool isShort)
    {
        var (exitCode, output, errors) = await GatewayProgram.RunAsync(gateway.DataDir, [], isShort ? ["token", "--short"] : ["token"]);
        Assert.True(exitCode == 0, errors);
        return output.Trim();
    }

    private static async Task AssertAuthFailedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("AUTH_FAILED", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("reason").GetString()));
    }
}
