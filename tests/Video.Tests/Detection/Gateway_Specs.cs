using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SharedSpecs;

namespace Video.Tests.Detection;

/// <summary>End to end: the detector posts captured faces to the real gateway (real models, SQLite, on a Kestrel port), which
/// identifies them as persons (spec 8.2).</summary>
[Collection(VideoCollection.Name)]
public sealed class Gateway_Specs(TestVideos videos) : IAsyncLifetime
{
    private const string Token = "video-gateway-token_0123456789ab";
    private readonly int _port = TestSupport.FreePort.Next();
    private CameraGateway _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new CameraGateway(_port, videos.Dir, Token).Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Should_watch_the_cameras_the_server_keeps_for_its_detector_name()
    {
        using var client = Client();
        var mine = await AddCameraAsync(client, new { detector = "detec1", url = $"file@10:{videos.TwoSides}", roi = new[] { 320, 360, 320, 0 } });
        await AddCameraAsync(client, new { detector = "other", url = $"file@10:{videos.StaticFace}" });
        await using var receiver = await FaceReceiver.StartAsync();

        await using var detector = await RunningDetector.RunToEndAsync([
            "--detector-name", "detec1", "--single-pass", "--api-port", _port.ToString(), "--api-token", Token,
            "--request-url", $"{receiver.Url}/v1/face", $"--Video:MediaRoot={videos.Dir}",
        ]);

        Assert.Equal([mine], detector.Supervisor.Streams.Keys);
        // The camera's own region of interest (the right half) applies: only man2 is posted.
        var face = Assert.Single(receiver.Faces);
        Assert.Equal(mine, face.CamId);
        Assert.True(face.CentreX > 320, $"{face.Box}");
    }

    [Fact]
    public async Task Should_not_watch_a_server_camera_its_own_policy_refuses()
    {
        using var client = Client();
        await AddCameraAsync(client, new { detector = "detec3", url = $"file@10:{videos.StaticFace}" });
        await using var receiver = await FaceReceiver.StartAsync();

        // No Video:MediaRoot on the detector: a server camera may read no file, whatever the server let through.
        await using var detector = await RunningDetector.RunToEndAsync([
            "--detector-name", "detec3", "--single-pass", "--api-port", _port.ToString(), "--api-token", Token,
            "--request-url", $"{receiver.Url}/v1/face",
        ]);

        Assert.Empty(detector.Supervisor.Streams);
        Assert.Empty(receiver.Faces);
    }

    [Fact]
    public async Task Should_follow_the_camera_list_as_it_changes()
    {
        using var client = Client();
        await using var receiver = await FaceReceiver.StartAsync();
        await using var detector = RunningDetector.Start([
            "--detector-name", "detec2", "--reload-timeout", "0.5", "--api-port", _port.ToString(), "--api-token", Token,
            "--request-url", $"{receiver.Url}/v1/face", "--md-threshold", "0", $"--Video:MediaRoot={videos.Dir}",
        ]);

        var added = await AddCameraAsync(client, new { detector = "detec2", url = $"file@10:{videos.StaticFace}" });
        var face = Assert.Single(await receiver.WaitUntilAsync(faces => faces.Count > 0, TimeSpan.FromMinutes(1)));
        Assert.Equal(added, face.CamId);

        (await client.DeleteAsync($"/v1/camera/{added}")).EnsureSuccessStatusCode();
        using var expiry = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (detector.Supervisor.Streams.ContainsKey(added))
            await Task.Delay(100, expiry.Token);
        Assert.False(detector.Completion.IsCompleted, "A list from the server may change again: the detector keeps polling.");
    }

    [Fact]
    public async Task Should_enroll_each_person_who_walked_by_as_a_person_in_the_camera_history()
    {
        await using var detector = await RunningDetector.RunToEndAsync([
            "--camid", "entrance", "--source", $"file@10:{videos.Moving}", "--api-port", _port.ToString(), "--api-token", Token,
            "--request-url", "/v1/face", "--start-ts", "1", "--body", "meta=walked-by",
            // The gateway loads its models on the first call, on a shared machine.
            "--req-timeout", "60",
        ]);

        Assert.Equal((2, 0), (detector.Stats("entrance").FacesPosted, detector.Stats("entrance").PostsFailed));
        using var client = Client();
        var listed = await client.GetFromJsonAsync<JsonElement>("/v1/face/meta/walked-by");
        Assert.Equal(2, listed.GetProperty("results").GetArrayLength());
        using var search = await client.PostAsJsonAsync("/v1/history/search", new { cam_ids = new[] { "entrance" } });
        var history = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        var persons = history.Select(e => e.GetProperty("person_id").GetInt64()).ToHashSet();
        Assert.Equal(2, persons.Count);
        var listedPersons = (await client.GetFromJsonAsync<JsonElement>("/v1/persons")).GetProperty("results").EnumerateArray()
            .Select(person => person.GetProperty("id").GetInt64());
        Assert.Equal(persons.Order(), listedPersons.Order());
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
        return client;
    }

    private static async Task<string> AddCameraAsync(HttpClient client, object camera)
    {
        using var response = await client.PostAsJsonAsync("/v1/camera", camera);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
