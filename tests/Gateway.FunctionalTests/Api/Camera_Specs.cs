using System.Net;
using System.Text.Json;
using TestSupport;

namespace Gateway.FunctionalTests.Api;

/// <summary>Spec 9.4 through real HTTP: the cameras fkvideo_detector reads its streams from.</summary>
[Collection(GatewayCollection.Name)]
public sealed class Camera_Specs(GatewayFactory gateway)
{
    private const string SpecExampleBody = """{"meta": "test", "url": "http://test.com:1234/stream.flv", "detector": "detec1"}""";

    [Fact]
    public async Task Should_add_read_change_and_delete_a_camera_as_the_spec_examples_do()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var created = await client.PostAsync("/v0/camera/", Requests.Json(SpecExampleBody));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var camera = await created.JsonAsync();
        var id = camera.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParseExact(id, "D", out _), id);
        Assert.Equal(id.ToLowerInvariant(), id);
        AssertCamera(camera, id, meta: "test", url: "http://test.com:1234/stream.flv", detector: "detec1", rot: null, roi: null);

        using var read = await client.GetAsync($"/v0/camera/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(camera.ToString(), (await read.JsonAsync()).ToString());

        // Example #1: meta and url change, the rest stays.
        var first = await PutAsync(client, id, """{"meta": "newinfo", "url": "http://zzzz.com:1234/stream.flv"}""");
        AssertCamera(first, id, meta: "newinfo", url: "http://zzzz.com:1234/stream.flv", detector: "detec1", rot: null, roi: null);

        // Example #2: regions are set; meta and url are left as they are.
        var second = await PutAsync(client, id, """{"rot": [120, 120, 35, 50], "roi": [100, 100, 40, 50]}""");
        AssertCamera(second, id, meta: "newinfo", url: "http://zzzz.com:1234/stream.flv", detector: "detec1",
            rot: [120, 120, 35, 50], roi: [100, 100, 40, 50]);
        using (var again = await client.GetAsync($"/v1/camera/{id}/"))
            Assert.Equal(second.ToString(), (await again.JsonAsync()).ToString());

        using var deleted = await client.DeleteAsync($"/v0/camera/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        using var gone = await client.GetAsync($"/v0/camera/{id}");
        await AssertErrorAsync(gone, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.DoesNotContain(id, await ListIdsAsync(client, "/v0/camera"));
    }

    [Fact]
    public async Task Should_add_a_camera_from_form_fields_as_the_curl_example_does_and_hide_its_password()
    {
        using var client = gateway.CreateAuthorizedClient();
        const string url = "rtsp://user:pass@192.168.1.1:554/Streaming/Channels/1";
        const string shown = "rtsp://***@192.168.1.1:554/Streaming/Channels/1";
        var detector = NewDetector();

        using var multipart = await client.PostAsync("/v1/camera", ApiForms.Multipart(("detector", detector), ("url", url), ("meta", "test")));
        using var urlEncoded = await client.PostAsync("/v1/camera", Form.UrlEncoded(
            ("detector", detector), ("url", "http://10.0.0.5/stream.mjpg"), ("rot", "[640, 480, 0, 0]"), ("roi", "")));

        Assert.Equal(HttpStatusCode.Created, multipart.StatusCode);
        var camera = await multipart.JsonAsync();
        var id = camera.GetProperty("id").GetString()!;
        AssertCamera(camera, id, meta: "test", url: shown, detector: detector, rot: null, roi: null);
        Assert.Equal(shown, Url(await GetAsync(client, id)));
        Assert.Equal(shown, Url(await ListAsync(client, $"/v1/camera?detector={detector}"), 0));
        // The video detector asks for the stored URL, password included.
        Assert.Equal(url, Url(await ListAsync(client, $"/v1/camera?detector={detector}&credentials=true"), 0));
        Assert.Equal(HttpStatusCode.Created, urlEncoded.StatusCode);
        var fromForm = await urlEncoded.JsonAsync();
        AssertCamera(fromForm, fromForm.GetProperty("id").GetString()!, meta: null, url: "http://10.0.0.5/stream.mjpg", detector: detector,
            rot: [640, 480, 0, 0], roi: null);
    }

    [Fact]
    public async Task Should_list_only_the_cameras_of_the_detector_fkvideo_detector_names()
    {
        using var client = gateway.CreateAuthorizedClient();
        var (mine, other) = (NewDetector(), NewDetector());
        var first = await CreateAsync(client, $$"""{"url": "rtsp://10.0.0.1/1", "detector": "{{mine}}"}""");
        var elsewhere = await CreateAsync(client, $$"""{"url": "rtsp://10.0.0.2/1", "detector": "{{other}}"}""");
        var unassigned = await CreateAsync(client, """{"url": "rtsp://10.0.0.3/1"}""");
        var second = await CreateAsync(client, $$"""{"url": "/dev/video0", "detector": "{{mine}}", "meta": "webcam"}""");

        // fkvideo_detector's --camera-url is /v0/camera (default) or /v1/camera.
        foreach (var path in new[] { $"/v0/camera?detector={mine}", $"/v1/camera/?detector={mine}" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cameras = await response.JsonAsync();
            Assert.Equal(JsonValueKind.Array, cameras.ValueKind);
            Assert.Equal([first, second], cameras.EnumerateArray().Select(camera => camera.GetProperty("id").GetString()));
            Assert.Equal("webcam", cameras[1].GetProperty("meta").GetString());
        }
        var all = await ListIdsAsync(client, "/v0/camera");
        Assert.Contains(elsewhere, all);
        Assert.Contains(unassigned, all);
        Assert.True(all.IndexOf(first) < all.IndexOf(elsewhere) && all.IndexOf(elsewhere) < all.IndexOf(second), "oldest first");
        Assert.Empty(await ListIdsAsync(client, $"/v0/camera?detector={NewDetector()}"));
    }

    [Theory]
    [InlineData("""{"meta": "renamed"}""")]
    [InlineData("""{"meta": "renamed", "rot": [], "roi": []}""")]
    [InlineData("""{"meta": "renamed", "rot": null, "roi": ""}""")]
    public async Task Should_remove_rot_and_roi_on_a_change_that_leaves_them_out_or_empty(string change)
    {
        using var client = gateway.CreateAuthorizedClient();
        var detector = NewDetector();
        var id = await CreateAsync(client, $$"""{"meta": "door", "url": "rtsp://10.0.0.9/main", "detector": "{{detector}}", "rot": [1920, 1080, 0, 0], "roi": [800, 600, 560, 240]}""");

        var changed = await PutAsync(client, id, change);

        AssertCamera(changed, id, meta: "renamed", url: "rtsp://10.0.0.9/main", detector: detector, rot: null, roi: null);
        using var read = await client.GetAsync($"/v0/camera/{id}");
        Assert.Equal(changed.ToString(), (await read.JsonAsync()).ToString());
    }

    [Fact]
    public async Task Should_remove_rot_and_roi_on_a_change_without_a_body()
    {
        using var client = gateway.CreateAuthorizedClient();
        var id = await CreateAsync(client, """{"meta": "door", "rot": [10, 10, 0, 0], "roi": [5, 5, 1, 1]}""");

        using var response = await client.PutAsync($"/v0/camera/{id}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCamera(await response.JsonAsync(), id, meta: "door", url: null, detector: null, rot: null, roi: null);
    }

    [Fact]
    public async Task Should_keep_every_camera_after_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("facepipe-cameras-").FullName;
        try
        {
            string before;
            await using (var first = new GatewayOnDataDir(dataDir))
            {
                using var client = first.CreateAuthorizedClient();
                await CreateAsync(client, SpecExampleBody);
                await CreateAsync(client, """{"url": "rtsp://10.0.0.1/1", "detector": "detec1", "rot": [120, 120, 35, 50], "roi": [100, 100, 40, 50]}""");
                var deleted = await CreateAsync(client, """{"meta": "deleted before the restart"}""");
                using (var deletion = await client.DeleteAsync($"/v0/camera/{deleted}"))
                    Assert.Equal(HttpStatusCode.NoContent, deletion.StatusCode);
                before = await ListAsync(client, "/v0/camera");
            }

            await using var second = new GatewayOnDataDir(dataDir);
            using var again = second.CreateAuthorizedClient();
            var after = await ListAsync(again, "/v0/camera");

            Assert.Equal(before, after);
            using var document = JsonDocument.Parse(after);
            Assert.Equal(2, document.RootElement.GetArrayLength());
            Assert.Equal(2, await ListCountAsync(again, "/v1/camera?detector=detec1"));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    public static TheoryData<string, string, string> BadCameras => new()
    {
        { "POST", """{"meta": 42}""", "meta" },
        { "POST", """{"meta": "x", "url": "ftp://cam.example.com/stream"}""", "url" },
        { "POST", """{"url": "file:///etc/passwd"}""", "url" },
        { "POST", """{"url": "concat:/etc/passwd|/etc/shadow"}""", "url" },
        { "POST", """{"url": "rtsp://cam.example.com/stream\n-i /etc/passwd"}""", "url" },
        { "POST", """{"url": "rtsp:///no-host"}""", "url" },
        { "POST", """{"url": "file@0:/srv/video.mp4"}""", "url" },
        { "POST", """{"url": "file@25:relative/video.mp4"}""", "url" },
        { "POST", """{"url": "/dev/sda"}""", "url" },
        { "POST", """{"url": ""}""", "url" },
        { "POST", """{"url": ["rtsp://a/1", "rtsp://b/1"]}""", "url" },
        { "POST", """{"detector": "detec 1"}""", "detector" },
        { "POST", """{"detector": "x'; DROP TABLE cameras; --"}""", "detector" },
        { "POST", """{"detector": ""}""", "detector" },
        { "POST", """{"detector": "detec1\n"}""", "detector" },
        { "POST", """{"detector": {"name": "detec1"}}""", "detector" },
        { "POST", """{"rot": [120, 120, 35]}""", "rot" },
        { "POST", """{"rot": [0, 120, 35, 50]}""", "rot" },
        { "POST", """{"rot": [120, 120, 35, 50, 1]}""", "rot" },
        { "POST", """{"rot": [120.5, 120, 35, 50]}""", "rot" },
        { "POST", """{"rot": "120x120+35+50"}""", "rot" },
        { "POST", """{"rot": {"w": 120, "h": 120, "x": 35, "y": 50}}""", "rot" },
        { "POST", """{"roi": [100, 100, -1, 50]}""", "roi" },
        { "POST", """{"roi": [100, 100, 40, 3000000000]}""", "roi" },
        { "POST", """{"roi": [100, 100, 40, 99999999999999999999]}""", "roi" },
        { "POST", """{"roi": ["100", "100", "40", "50"]}""", "roi" },
        { "PUT", """{"meta": ["a"]}""", "meta" },
        { "PUT", """{"url": 5}""", "url" },
        { "PUT", """{"url": "pipe:0"}""", "url" },
        { "PUT", """{"detector": "../../etc"}""", "detector" },
        { "PUT", """{"rot": [1, 2]}""", "rot" },
        { "PUT", """{"roi": [100, -100, 40, 50]}""", "roi" },
        { "GET", "/not-a-uuid", "camera_id" },
        { "PUT", "/1", "camera_id" },
        { "DELETE", "/7bb35e9d-9f4f-4e5b-8811-e1dded6de81", "camera_id" },
        { "GET", "?detector=detec%201", "detector" },
        { "GET", "?detector=%3Cscript%3E", "detector" },
    };

    /// <param name="request">For POST and PUT a JSON body (PUT to the stored camera); for GET and DELETE what follows /v0/camera.</param>
    [Theory]
    [MemberData(nameof(BadCameras))]
    public async Task Should_answer_BAD_PARAM_and_leave_the_stored_cameras_as_they_were(string method, string request, string param)
    {
        using var client = gateway.CreateAuthorizedClient();
        var id = await CreateAsync(client, $$"""{"meta": "kept", "url": "rtsp://10.1.1.1/kept", "detector": "{{NewDetector()}}", "rot": [640, 480, 0, 0], "roi": [320, 240, 10, 10]}""");
        var before = await GetAsync(client, id);
        var count = await ListCountAsync(client, "/v0/camera");

        using var response = method switch
        {
            "POST" => await client.PostAsync("/v0/camera/", Requests.Json(request)),
            "PUT" when request.StartsWith('{') => await client.PutAsync($"/v0/camera/{id}", Requests.Json(request)),
            _ => await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/v0/camera{request}")),
        };

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BAD_PARAM");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(error.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null, error.ToString());
        Assert.Equal(before, await GetAsync(client, id));
        Assert.Equal(count, await ListCountAsync(client, "/v0/camera"));
    }

    [Fact]
    public async Task Should_refuse_a_meta_over_the_limit_and_keep_one_at_it()
    {
        using var client = gateway.CreateAuthorizedClient();
        var longest = new string('m', 4096);
        var id = await CreateAsync(client, JsonSerializer.Serialize(new { meta = longest }));

        using var created = await client.PostAsync("/v0/camera", Requests.Json(JsonSerializer.Serialize(new { meta = longest + "m" })));
        using var changed = await client.PutAsync($"/v0/camera/{id}", Requests.Json(JsonSerializer.Serialize(new { meta = new string('x', 1_000_000) })));

        foreach (var response in new[] { created, changed })
            Assert.Equal("meta", (await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BAD_PARAM")).GetProperty("param").GetString());
        Assert.Equal(longest, JsonDocument.Parse(await GetAsync(client, id)).RootElement.GetProperty("meta").GetString());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Should_answer_NOT_FOUND_for_an_unknown_camera(string method)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/v0/camera/{Guid.NewGuid()}")
        {
            Content = method == "PUT" ? Requests.Json("""{"meta": "nobody"}""") : null,
        });

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Should_keep_hostile_strings_as_they_were_sent()
    {
        using var client = gateway.CreateAuthorizedClient();
        string[] metas = ["Robert'); DROP TABLE cameras;--", "<script>alert(1)</script>", "\u0000nul and \u001f unit separator", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 日本語", "%00%27 \"quoted\" \\"];
        const string url = "rtsp://admin:p%40ss'%3B--@10.0.0.5:554/Streaming/Channels/1?transport=tcp&x=%27";

        foreach (var meta in metas)
        {
            var id = await CreateAsync(client, JsonSerializer.Serialize(new { meta, url }));
            var camera = JsonDocument.Parse(await GetAsync(client, id)).RootElement;
            Assert.Equal(meta, camera.GetProperty("meta").GetString());
            Assert.Equal(url, camera.GetProperty("url").GetString());
        }
        using var malformed = await client.PostAsync("/v0/camera", Requests.Json("""{"meta": "unterminated"""));
        await AssertErrorAsync(malformed, HttpStatusCode.BadRequest, "MALFORMED_JSON");
    }

    private static string NewDetector() => "detec-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<string> CreateAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/v0/camera/", Requests.Json(body));
        var camera = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, camera.ToString());
        return camera.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> PutAsync(HttpClient client, string id, string body)
    {
        using var response = await client.PutAsync($"/v0/camera/{id}", Requests.Json(body));
        var camera = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, camera.ToString());
        return camera;
    }

    private static async Task<string> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/v0/camera/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> ListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string? Url(string camera) => JsonDocument.Parse(camera).RootElement.GetProperty("url").GetString();

    private static string? Url(string cameras, int index) => JsonDocument.Parse(cameras).RootElement[index].GetProperty("url").GetString();

    private static async Task<List<string>> ListIdsAsync(HttpClient client, string path)
    {
        using var document = JsonDocument.Parse(await ListAsync(client, path));
        return document.RootElement.EnumerateArray().Select(camera => camera.GetProperty("id").GetString()!).ToList();
    }

    private static async Task<int> ListCountAsync(HttpClient client, string path) => (await ListIdsAsync(client, path)).Count;

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var error = await response.JsonAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {error}");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()));
        return error;
    }

    /// <summary>The camera has exactly the members set, as the spec's examples show them.</summary>
    private static void AssertCamera(JsonElement camera, string id, string? meta, string? url, string? detector, int[]? rot, int[]? roi)
    {
        var expected = new Dictionary<string, object?> { ["id"] = id, ["meta"] = meta, ["url"] = url, ["detector"] = detector, ["rot"] = rot, ["roi"] = roi }
            .Where(member => member.Value is not null).ToDictionary();
        Assert.Equal(expected.Keys.Order(), camera.EnumerateObject().Select(member => member.Name).Order());
        foreach (var (name, value) in expected)
        {
            if (value is int[] region)
                Assert.Equal(region, camera.GetProperty(name).EnumerateArray().Select(coordinate => coordinate.GetInt32()));
            else
                Assert.Equal(value, camera.GetProperty(name).GetString());
        }
    }
}
