using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.FunctionalTests.Api;
using TestSupport;

namespace Gateway.FunctionalTests.Features.Shards;

/// <summary>Shard statistics (spec 8.6) and direct index requests (spec 8.7) on the real gateway; each index mode runs them on
/// a gateway of its own, so that counts are only this class's.</summary>
public abstract class ShardApi_Specs(GatewayFactory gateway)
{
    /// <summary>Where the mode keeps faces: "linear" (exact index) or "indexed" (Redis HNSW).</summary>
    protected abstract string Space { get; }

    protected GatewayFactory Gateway => gateway;

    [Fact]
    public async Task Should_count_enrolled_faces_per_gallery_and_again_after_a_deletion()
    {
        using var client = gateway.CreateAuthorizedClient();
        var (gallery, empty) = (Form.NewGallery(), Form.NewGallery());
        await client.CreateGalleryAsync(gallery);
        await client.CreateGalleryAsync(empty);
        var before = await FacesAsync(client, "default");
        var man1 = (await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), "man1", gallery)).GetProperty("id").GetInt64();
        await client.EnrollAsync(TestSupport.Photos.Bytes("man2.jpg"), "man2", gallery);
        await client.EnrollAsync(TestSupport.Photos.Bytes("astronaut.png"), "astronaut");

        var list = await GetJsonAsync(client, "/v1/stat/list/1/1000");
        var listed = list.GetProperty("galleries").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.Equal(1, listed["default"].GetProperty("id").GetInt32());
        Assert.Equal(before + 3, Faces(listed["default"]));
        Assert.Equal(2, Faces(listed[gallery]));
        Assert.Equal(0, Faces(listed[empty]));
        Assert.Equal(0, listed[gallery].GetProperty("cnt_preindex").GetInt64());
        Assert.Equal(listed.Count, list.GetProperty("total").GetInt32());
        Assert.All(list.GetProperty("shards").EnumerateArray(), shard => Assert.Equal("up", shard.GetProperty("status").GetString()));
        Assert.Equal(before + 3, list.GetProperty("shards").EnumerateArray().Sum(shard => shard.GetProperty("faces").GetInt64()));
        var second = (await GetJsonAsync(client, "/v1/stat/list/2/1")).GetProperty("galleries");
        Assert.Equal(2, Assert.Single(second.EnumerateArray()).GetProperty("id").GetInt32());

        using (var deleted = await client.DeleteAsync($"/v0/face/id/{man1}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var info = await GetJsonAsync(client, $"/v1/stat/info/{gallery}");
        Assert.Equal(gallery, info.GetProperty("name").GetString());
        Assert.Equal(1, Faces(info));
        Assert.Equal(listed[gallery].GetProperty("id").GetInt32(), info.GetProperty("id").GetInt32());
        Assert.Equal(512, info.GetProperty("dimension").GetInt32());
        Assert.Equal(Space == "indexed", info.GetProperty("index_loaded").GetBoolean());
        Assert.Equal(1, info.GetProperty("shards").EnumerateArray().Sum(shard => shard.GetProperty("faces").GetInt64()));
        Assert.Equal(before + 2, await FacesAsync(client, "default"));
        Assert.Equal(0, Faces(await GetJsonAsync(client, $"/v1/stat/info/{empty}")));
        using var unknown = await client.GetAsync($"/v1/stat/info/{Form.NewGallery()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_to_replace_the_facen_of_an_enrolled_face_directly()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        var victim = (await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), "victim")).GetProperty("id").GetInt64();
        var attacker = await client.ExtractFacenAsync("astronaut.png");

        foreach (var space in new[] { "default", gallery })
        {
            using var replaced = await client.PostAsync($"/v1/{space}/add/{victim}", new StringContent(attacker));
            Assert.Equal(HttpStatusCode.Conflict, replaced.StatusCode);
            Assert.Equal("CONFLICT", (await replaced.JsonAsync()).GetProperty("code").GetString());
        }

        var kept = (await GetJsonAsync(client, $"/v1/default/get/{victim}")).GetProperty("facen").GetString()!;
        Assert.InRange(Cosine(await client.ExtractFacenAsync("man1.jpg"), kept), 0.99, 1.001);
    }

    [Fact]
    public async Task Should_add_get_search_list_and_delete_facens_directly()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        var (man1, man2) = (await client.ExtractFacenAsync("man1.jpg"), await client.ExtractFacenAsync("man2.jpg"));
        var (first, second) = (NewFaceId(), NewFaceId());

        using (var added = await client.PostAsync($"/v1/{gallery}/add/{first}", new StringContent(man1)))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            Assert.Empty(await added.Content.ReadAsStringAsync());
        }
        using (var raw = await client.PostAsync($"/v1/{gallery}/add/{second}", Raw(Convert.FromBase64String(man2))))
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        using (var again = await client.PostAsync($"/v1/{gallery}/add/{first}", new StringContent(man2)))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("CONFLICT", (await again.JsonAsync()).GetProperty("code").GetString());
        }

        var got = await GetJsonAsync(client, $"/v1/{gallery}/get/{first}");
        Assert.Equal(first, got.GetProperty("id").GetInt64());
        Assert.InRange(Cosine(man1, got.GetProperty("facen").GetString()!), 0.999, 1.001);

        using (var search = await client.PostAsync($"/v1/{gallery}/search/10/0", new StringContent(man1)))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            // A gallery this small is scanned on Redis shards too (Index:Search Auto, below Index:ExactLimit).
            Assert.Equal("without_index", Assert.Single(search.Headers.GetValues("X-search-stat")));
            var matches = (await search.JsonAsync()).EnumerateArray().ToList();
            Assert.Equal([first, second], matches.Select(match => match.GetProperty("id").GetInt64()));
            Assert.InRange(matches[0].GetProperty("conf").GetDouble(), 0.99, 1.0001);
        }
        using (var linear = await client.PostAsync($"/v1/{gallery}/search/1/0.99?linear_search=1", new StringContent(man2)))
        {
            Assert.Equal("without_index", Assert.Single(linear.Headers.GetValues("X-search-stat")));
            Assert.Equal([second], (await linear.JsonAsync()).EnumerateArray().Select(match => match.GetProperty("id").GetInt64()));
        }

        var page = await GetJsonAsync(client, $"/v1/{gallery}/list/0/1");
        var face = Assert.Single(page.GetProperty("faces").EnumerateArray());
        Assert.Equal((first, Space), (face.GetProperty("id").GetInt64(), face.GetProperty("space").GetString()));
        Assert.Equal(got.GetProperty("facen").GetString(), face.GetProperty("facen").GetString());
        Assert.Equal(second, page.GetProperty("next").GetInt64());
        var last = await GetJsonAsync(client, $"/v1/{gallery}/list/{second}/10");
        Assert.Equal([second], last.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Equal(2, Faces(await GetJsonAsync(client, $"/v1/stat/info/{gallery}")));

        using (var deleted = await client.DeleteAsync($"/v1/{gallery}/del/{first}"))
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using (var twice = await client.DeleteAsync($"/v1/{gallery}/del/{first}"))
            Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        using (var gone = await client.GetAsync($"/v1/{gallery}/get/{first}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        // Out of a named gallery the face stays in "default"; out of "default" it leaves the index.
        Assert.Equal(first, (await GetJsonAsync(client, $"/v1/default/get/{first}")).GetProperty("id").GetInt64());
        using (var removed = await client.DeleteAsync($"/v1/default/del/{first}"))
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        using (var absent = await client.GetAsync($"/v1/default/get/{first}"))
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Equal(1, Faces(await GetJsonAsync(client, $"/v1/stat/info/{gallery}")));
    }

    [Theory]
    [InlineData("GET", "/v1/stat/list/first/10", "start")]
    [InlineData("GET", "/v1/stat/list/1/ten", "limit")]
    [InlineData("GET", "/v1/stat/list/1/0", "limit")]
    [InlineData("GET", "/v1/stat/list/-1/10", "start")]
    [InlineData("GET", "/v1/stat/info/bad.name", "name")]
    [InlineData("GET", "/v1/staff/get/abc", "id")]
    [InlineData("DELETE", "/v1/staff/del/0", "id")]
    [InlineData("GET", "/v1/staff/list/x/10", "start_id")]
    [InlineData("GET", "/v1/staff/list/0/1001", "count")]
    [InlineData("GET", "/v1/a_name_that_is_longer_than_forty_eight_characters_x/get/1", "name")]
    public async Task Should_refuse_bad_path_parts(string method, string path, string param)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertBadParamAsync(param);
    }

    [Fact]
    public async Task Should_refuse_what_is_no_facen_of_the_index()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        var facen = await client.ExtractFacenAsync("grace_hopper.jpg");
        using (var added = await client.PostAsync($"/v1/{gallery}/add/{NewFaceId()}", new StringContent(facen)))
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var shortFacen = new float[128];
        shortFacen[0] = 1;
        var notUnit = new float[512];
        notUnit[3] = 2;

        foreach (var body in new HttpContent[]
                 {
                     new StringContent(""),
                     new StringContent("not base64!"),
                     new StringContent("AAAA"), // 3 bytes: not whole float32 values
                     Raw(new byte[2047]),
                     Raw(Bytes(shortFacen)), // unit length, but 128 values in a 512-d index
                     new StringContent(Convert.ToBase64String(Bytes(notUnit))),
                 })
        {
            using var add = await client.PostAsync($"/v1/{gallery}/add/{NewFaceId()}", body);
            await add.AssertBadParamAsync("facen");
        }
        using (var search = await client.PostAsync($"/v1/{gallery}/search/1/0.5", Raw(Bytes(shortFacen))))
            await search.AssertBadParamAsync("facen");
        using (var threshold = await client.PostAsync($"/v1/{gallery}/search/1/1.5", new StringContent(facen)))
            await threshold.AssertBadParamAsync("threshold");
        using (var linear = await client.PostAsync($"/v1/{gallery}/search/1/0.5?linear_search=maybe", new StringContent(facen)))
            await linear.AssertBadParamAsync("linear_search");
        Assert.Equal(1, Faces(await GetJsonAsync(client, $"/v1/stat/info/{gallery}")));
    }

    protected static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>A gallery's faces in the space of this mode: the other space counts none.</summary>
    private long Faces(JsonElement gallery)
    {
        var other = Space == "linear" ? "cnt_indexed" : "cnt_linear";
        Assert.Equal(0, gallery.GetProperty(other).GetInt64());
        return gallery.GetProperty($"cnt_{Space}").GetInt64();
    }

    private async Task<long> FacesAsync(HttpClient client, string gallery) => Faces(await GetJsonAsync(client, $"/v1/stat/info/{gallery}"));

    private static long _lastFaceId = Random.Shared.NextInt64(1, 1L << 40);

    private static long NewFaceId() => Interlocked.Increment(ref _lastFaceId);

    private static ByteArrayContent Raw(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static byte[] Bytes(float[] facen) => [.. facen.SelectMany(BitConverter.GetBytes)];

    private static double Cosine(string a, string b)
    {
        var (x, y) = (Floats(a), Floats(b));
        return x.Zip(y, (p, q) => (double)p * q).Sum() / Math.Sqrt(x.Sum(p => (double)p * p) * y.Sum(q => (double)q * q));
    }

    private static float[] Floats(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToSingle(bytes, 4 * i))];
    }
}

/// <summary>The exact in-process index: one "local" shard that scans ("linear").</summary>
public sealed class ExactShardApi_Specs(GatewayFactory gateway) : ShardApi_Specs(gateway), IClassFixture<GatewayFactory>
{
    protected override string Space => "linear";

    [Fact]
    public async Task Should_list_the_in_process_index_as_one_local_shard()
    {
        using var client = Gateway.CreateAuthorizedClient();

        var shard = Assert.Single((await GetJsonAsync(client, "/v1/stat/list/1/10")).GetProperty("shards").EnumerateArray());

        Assert.Equal(("local", "up"), (shard.GetProperty("endpoint").GetString(), shard.GetProperty("status").GetString()));
    }
}

/// <summary>Two real Redis 8 shards (HNSW, "indexed"). A stopped shard is reported down in IndexShards_Specs, whose shard stays
/// stopped: one restarted here would leave the gateway's connection to it coming and going for a while, and the other specs
/// of this class with it.</summary>
public sealed class RedisShardApi_Specs(RedisShardApi_Specs.Shards shards) : ShardApi_Specs(shards.Gateway), IClassFixture<RedisShardApi_Specs.Shards>
{
    protected override string Space => "indexed";

    /// <summary>Two Redis 8 servers and a gateway on them, for the whole class.</summary>
    public sealed class Shards : IDisposable
    {
        public Shards() => Gateway = new RedisShardsGateway(Servers.Endpoints);

        public RedisServers Servers { get; } = new(2);

        public RedisShardsGateway Gateway { get; }

        public void Dispose()
        {
            Gateway.Dispose();
            Servers.Dispose();
        }
    }
}
