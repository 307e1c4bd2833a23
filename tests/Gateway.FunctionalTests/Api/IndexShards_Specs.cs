using System.Net;
using TestSupport;

namespace Gateway.FunctionalTests.Api;

/// <summary>Identify over two real Redis 8 index shards (spec 9.2.3): X-Live-Servers, strict when a shard is down, and the
/// shard statistics (spec 8.6) reporting it down.</summary>
public sealed class IndexShards_Specs : IDisposable
{
    private readonly RedisServers _shards = new(2);
    private readonly GatewayFactory _gateway;

    public IndexShards_Specs()
    {
        _gateway = new RedisShardsGateway(_shards.Endpoints);
    }

    [Fact]
    public async Task Should_report_the_live_shards_and_fail_a_strict_search_while_one_is_down()
    {
        using var client = _gateway.CreateAuthorizedClient();
        var photo = TestSupport.Photos.Bytes("man1.jpg");
        var faces = new List<long>();
        foreach (var name in new[] { "man1.jpg", "man2.jpg", "astronaut.png", "grace_hopper.jpg" })
            faces.Add((await client.EnrollAsync(TestSupport.Photos.Bytes(name), name)).GetProperty("id").GetInt64());

        using (var whole = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", photo))))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal("2/2", Assert.Single(whole.Headers.GetValues("X-Live-Servers")));
            var match = Assert.Single((await whole.JsonAsync()).GetProperty("results").EnumerateObject()).Value;
            Assert.Equal(faces[0], match[0].GetProperty("face").GetProperty("id").GetInt64());
        }

        var counted = (await GetStatAsync(client, "/v1/stat/info/default")).GetProperty("shards").EnumerateArray()
            .Select(shard => shard.GetProperty("faces").GetInt64()).ToList();

        _shards.Stop(1);
        // Spec 8.6 on a gateway: the stopped shard is down, the other still counted, and the answer is not an error.
        var info = await GetStatAsync(client, "/v1/stat/info/default");
        Assert.Equal(_shards.Endpoints, info.GetProperty("shards").EnumerateArray().Select(shard => shard.GetProperty("endpoint").GetString()));
        Assert.Equal(["up", "down"], info.GetProperty("shards").EnumerateArray().Select(shard => shard.GetProperty("status").GetString()));
        Assert.False(info.GetProperty("shards")[1].TryGetProperty("faces", out _));
        Assert.Equal(counted[0], info.GetProperty("cnt_indexed").GetInt64());
        var list = await GetStatAsync(client, "/v1/stat/list/1/10");
        Assert.Equal(["up", "down"], list.GetProperty("shards").EnumerateArray().Select(shard => shard.GetProperty("status").GetString()));
        Assert.Equal(counted[0], list.GetProperty("galleries")[0].GetProperty("cnt_indexed").GetInt64());
        using (var partial = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", photo), ("strict", "false"))))
        {
            Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
            Assert.Equal("1/2", Assert.Single(partial.Headers.GetValues("X-Live-Servers")));
        }
        using (var strict = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", photo), ("strict", "true"))))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, strict.StatusCode);
            Assert.Equal("SERVICE_UNAVAILABLE", (await strict.JsonAsync()).GetProperty("code").GetString());
        }
    }

    private static async Task<System.Text.Json.JsonElement> GetStatAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _shards.Dispose();
    }
}
