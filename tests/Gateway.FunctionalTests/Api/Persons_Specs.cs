using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Index;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;
using Contracts.Index;

namespace Gateway.FunctionalTests.Api;

/// <summary>Dynamic person creation (spec 8.2), 'friend or foe' (8.3) and camera history (9.2.17-18) on real photos,
/// with the gateway's clock injected to walk through a week of sightings.</summary>
public sealed class Persons_Specs(PersonsGateway gateway) : IClassFixture<PersonsGateway>
{
    // Each spec watches cameras of its own, so that the per-camera persons of one never meet another's.
    private readonly string _camera = NewCamera();
    private readonly string _otherCamera = NewCamera();

    [Fact]
    public async Task Should_join_a_face_to_the_person_its_camera_saw_and_start_a_person_for_anyone_else()
    {
        using var client = gateway.CreateAuthorizedClient();
        var man = TestSupport.Photos.Bytes("man1.jpg");

        var first = await PostAsync(client, man, _camera, meta: "man one");
        var again = await PostAsync(client, PhotoEdits.Crop(man, 0.1f), _camera);
        var other = await PostAsync(client, TestSupport.Photos.Bytes("man2.jpg"), _camera);
        var elsewhere = await PostAsync(client, PhotoEdits.Reencode(man, 60), _otherCamera);

        var person = first.GetProperty("person_id").GetInt64();
        Assert.Equal(first.GetProperty("id").GetInt64(), person);
        Assert.Equal(person, again.GetProperty("person_id").GetInt64());
        // The new face inherits its reference face's meta when it brings none (spec 8.2.1).
        Assert.Equal("man one", again.GetProperty("meta").GetString());
        Assert.Equal(other.GetProperty("id").GetInt64(), other.GetProperty("person_id").GetInt64());
        // Persons are identified per camera unless person_identify_global.
        Assert.Equal(elsewhere.GetProperty("id").GetInt64(), elsewhere.GetProperty("person_id").GetInt64());
        Assert.False(again.GetProperty("friend").GetBoolean());

        using var read = await client.GetAsync($"/v1/person/id/{person}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var json = await read.JsonAsync();
        Assert.Equal(person, json.GetProperty("id").GetInt64());
        Assert.Equal("man one", json.GetProperty("meta").GetString());
        var persons = await ListPersonsAsync(client);
        Assert.Contains(person, persons);
        Assert.Contains(other.GetProperty("person_id").GetInt64(), persons);
        Assert.Contains(elsewhere.GetProperty("person_id").GetInt64(), persons);
    }

    [Fact]
    public async Task Should_join_the_person_when_the_best_match_is_an_index_entry_the_store_does_not_hold()
    {
        using var client = gateway.CreateAuthorizedClient();
        var index = gateway.Services.GetRequiredService<FaceIndexClient>();
        var man = TestSupport.Photos.Bytes("man1.jpg");
        var cropped = PhotoEdits.Crop(man, 0.1f);
        var person = (await PostAsync(client, man, _camera)).GetProperty("person_id").GetInt64();

        // The cropped photo's own facen, left in this camera's person space under an id the store does not hold (a face whose
        // deletion or enrollment is pending): it is the best match of the cropped photo, above the person's face.
        var elsewhere = (await PostAsync(client, cropped, _otherCamera)).GetProperty("id").GetInt64();
        var facen = await index.GetFacenAsync(elsewhere, PersonSpaces.Of(_otherCamera, global: false), CancellationToken.None);
        Assert.NotNull(facen);
        Assert.True(await index.AddToGalleryAsync(Random.Shared.NextInt64(1, 1 << 30), facen, PersonSpaces.Of(_camera, global: false),
            CancellationToken.None));

        var again = await PostAsync(client, cropped, _camera);
        Assert.Equal(person, again.GetProperty("person_id").GetInt64());
    }

    [Fact]
    public async Task Should_befriend_a_person_seen_on_enough_days_of_a_week_and_forget_them_after_it()
    {
        using var client = gateway.CreateAuthorizedClient();
        var man = TestSupport.Photos.Bytes("man2.jpg");
        var start = gateway.Clock.GetUtcNow();

        // Days 0, 0, 1 and 2 of the week, then day 10: friend_count is 3 days within friend_interval (a week).
        var friendship = new List<bool>();
        var ids = new List<long>();
        foreach (var day in new[] { 0, 0, 1, 2, 10 })
        {
            gateway.Clock.SetUtcNow(start.AddDays(day).AddMinutes(ids.Count));
            var face = await PostAsync(client, ids.Count % 2 == 0 ? man : PhotoEdits.Resize(man, 0.8f), _camera);
            friendship.Add(face.GetProperty("friend").GetBoolean());
            ids.Add(face.GetProperty("id").GetInt64());
        }

        Assert.Equal([false, false, false, true, false], friendship);
        var person = ids[0];
        var history = await SearchAsync(client, "/v0/history/search", new { person_id = person });
        Assert.Equal(ids.AsEnumerable().Reverse(), history.Select(e => e.GetProperty("id").GetInt64()));
        Assert.All(history, e => Assert.Equal(_camera, e.GetProperty("cam_id").GetString()));
        Assert.Equal(start.AddDays(10).AddMinutes(4).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff"), history[0].GetProperty("timestamp").GetString());

        var friends = await SearchAsync(client, "/v0/history/search", new { person_id = person, friend = true });
        Assert.Equal([ids[3]], friends.Select(e => e.GetProperty("id").GetInt64()));
        var window = await SearchAsync(client, "/v0/history/search", new
        {
            cam_ids = new[] { _camera }, start = start.AddDays(1).ToString("O"), end = start.AddDays(3).ToString("O"),
        });
        Assert.Equal([ids[3], ids[2]], window.Select(e => e.GetProperty("id").GetInt64()));

        // The person's history in the spec's other shape, its filter in a GET body as spec 8.2.4 sends it.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v0/person/history/id/{person}")
        {
            Content = JsonContent.Create(new { cam_ids = new[] { _camera, _otherCamera }, start = start.AddDays(2).ToString("O") }),
        };
        using var response = await client.SendAsync(request);
        var events = (await response.JsonAsync()).GetProperty("results");
        Assert.Equal([ids[4], ids[3]], events.EnumerateArray().Select(e => e.GetProperty("face_id").GetInt64()));
        Assert.All(events.EnumerateArray(), e =>
        {
            Assert.Equal(person, e.GetProperty("person_id").GetInt64());
            Assert.EndsWith(".jpeg", new Uri(e.GetProperty("screenshot").GetString()!).AbsolutePath);
        });
    }

    [Fact]
    public async Task Should_keep_a_captured_faces_camera_time_and_the_confidence_it_joined_its_person_with()
    {
        using var client = gateway.CreateAuthorizedClient();
        var man = TestSupport.Photos.Bytes("man1.jpg");
        var cropped = PhotoEdits.Crop(man, 0.1f);
        await using var stream = await EventStream.OpenAsync(client, $"/v1/events?cam_ids={_camera}");

        var first = await PostAsync(client, man, _camera, timestamp: "2026-11-30T06:30:15.25");
        var again = await PostAsync(client, cropped, _camera, timestamp: "2026-11-30T06:31:00");
        var (_, started) = await stream.NextAsync();
        var (_, joined) = await stream.NextAsync();

        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("person_id").GetInt64());
        // The face object carries its camera where the spec's history results do, and the capture's time.
        using (var read = await client.GetAsync($"/v0/face/id/{again.GetProperty("id").GetInt64()}"))
        {
            var face = await read.JsonAsync();
            Assert.Equal((_camera, "2026-11-30T06:31:00.000000"), (face.GetProperty("cam_id").GetString(), face.GetProperty("timestamp").GetString()));
        }
        Assert.Equal(_camera, first.GetProperty("cam_id").GetString());
        // A face that started its person matched no one; one that joined carries its match's confidence, as /verify scores the two photos.
        Assert.Equal(first.GetProperty("id").GetInt64(), started.GetProperty("face").GetProperty("id").GetInt64());
        Assert.False(started.TryGetProperty("confidence", out _), started.ToString());
        Assert.Equal(again.GetProperty("id").GetInt64(), joined.GetProperty("face").GetProperty("id").GetInt64());
        using var verify = await client.PostAsync("/v1/verify", ApiForms.Multipart(("photo1", man), ("photo2", cropped)));
        var expected = (await verify.JsonAsync()).GetProperty("results")[0].GetProperty("confidence").GetSingle();
        Assert.Equal(expected, joined.GetProperty("confidence").GetSingle(), 1e-4f);
        Assert.True(expected >= 0.75f, $"{expected} is above person_identify_threshold");
        // A face enrolled without a camera has none in its object.
        using var uncaptured = await client.PostAsync("/v1/face", ApiForms.Multipart(("photo", man)));
        Assert.False((await uncaptured.JsonAsync()).GetProperty("results")[0].TryGetProperty("cam_id", out _));
    }

    [Fact]
    public async Task Should_page_history_through_next_page_with_the_same_filter()
    {
        using var client = gateway.CreateAuthorizedClient();
        var photos = new[] { "man1.jpg", "man2.jpg", "astronaut.png", "grace_hopper.jpg", "man1.jpg" };
        var ids = new List<long>();
        foreach (var photo in photos)
            ids.Add((await PostAsync(client, TestSupport.Photos.Bytes(photo), _camera)).GetProperty("id").GetInt64());

        var seen = new List<long>();
        var path = "/v1/history/search";
        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages < 5, "history pages end");
            using var response = await client.PostAsJsonAsync(path, new { cam_ids = new[] { _camera }, limit = 2 });
            var json = await response.JsonAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange(json.GetProperty("results").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            path = json.TryGetProperty("next_page", out var next) ? next.GetString() : null;
        }

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
        // The same photo twice on one camera is one person.
        var persons = (await SearchAsync(client, "/v1/history/search", new { cam_ids = new[] { _camera } }))
            .Select(e => e.GetProperty("person_id").GetInt64()).Distinct().Count();
        Assert.Equal(4, persons);
    }

    [Fact]
    public async Task Should_let_an_old_face_given_a_person_take_part_in_person_identification()
    {
        using var client = gateway.CreateAuthorizedClient();
        var grace = TestSupport.Photos.Bytes("grace_hopper.jpg");
        var face = await PostAsync(client, grace, _camera);
        const long chosen = 4_000_000_001;

        using var put = await client.PutAsJsonAsync($"/v0/face/id/{face.GetProperty("id").GetInt64()}", new { person_id = chosen.ToString() });
        var changed = await put.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(chosen, changed.GetProperty("person_id").GetInt64());

        var later = await PostAsync(client, PhotoEdits.Brighten(grace, 1.2f, 0.05f), _camera);
        Assert.Equal(chosen, later.GetProperty("person_id").GetInt64());
        using var person = await client.GetAsync($"/v0/person/id/{chosen}");
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
    }

    [Theory]
    [InlineData("/v0/face", "cam_id", "{\"cam_id\": \"../../etc\"}")]
    [InlineData("/v0/face", "cam_id", "{\"cam_id\": {\"id\": 1}}")]
    [InlineData("/v0/face", "timestamp", "{\"timestamp\": \"yesterday\"}")]
    [InlineData("/v0/face", "timestamp", "{\"timestamp\": \"2026-13-45T99:00:00\"}")]
    [InlineData("/v0/history/search", "cam_ids", "{\"cam_ids\": {\"a\": 1}}")]
    [InlineData("/v0/history/search", "cam_ids", "{\"cam_ids\": [\"ok\", \"not ok\"]}")]
    [InlineData("/v0/history/search", "end", "{\"start\": \"2026-12-02T00:00:00\", \"end\": \"2026-12-01T00:00:00\"}")]
    [InlineData("/v0/history/search", "person_id", "{\"person_id\": \"someone\"}")]
    [InlineData("/v0/history/search", "person_id", "{\"person_id\": -4}")]
    [InlineData("/v0/history/search", "friend", "{\"friend\": \"maybe\"}")]
    [InlineData("/v0/history/search", "limit", "{\"limit\": -1}")]
    [InlineData("/v0/history/search", "limit", "{\"limit\": 100000}")]
    public async Task Should_refuse_bad_person_and_history_parameters_naming_them(string path, string param, string body)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = path == "/v0/face"
            ? await client.PostAsync(path, ApiForms.Multipart([("photo", TestSupport.Photos.Bytes("man1.jpg")), .. JsonFields(body)]))
            : await client.PostAsync(path, Requests.Json(body));

        await response.AssertBadParamAsync(param);
    }

    [Fact]
    public async Task Should_answer_unknown_and_malformed_person_ids_in_the_error_format()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var missing = await client.GetAsync("/v0/person/id/123456789");
        using var malformed = await client.GetAsync("/v0/person/id/abc");
        using var badPut = await client.PutAsJsonAsync("/v0/face/id/1", new { person_id = "x" });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NOT_FOUND", (await missing.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("person_id", (await malformed.JsonAsync()).GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.NotFound, badPut.StatusCode);
    }

    public static string NewCamera() => Guid.NewGuid().ToString();

    /// <summary>Posts a photo as fkvideo_detector does and returns the face object.</summary>
    public static async Task<JsonElement> PostAsync(HttpClient client, byte[] photo, string camera, string meta = "", string? timestamp = null)
    {
        (string, object)[] fields = [("photo", photo), ("cam_id", camera), ("meta", meta)];
        using var response = await client.PostAsync("/v1/face", ApiForms.Multipart(timestamp is null ? fields : [.. fields, ("timestamp", timestamp)]));
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("results")[0];
    }

    private static async Task<List<JsonElement>> SearchAsync(HttpClient client, string path, object filter)
    {
        using var response = await client.PostAsJsonAsync(path, filter);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        Assert.False(json.TryGetProperty("next_page", out _), "one page");
        return [.. json.GetProperty("results").EnumerateArray()];
    }

    private static async Task<List<long>> ListPersonsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v0/persons?limit=1000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.JsonAsync()).GetProperty("results").EnumerateArray().Select(p => p.GetProperty("id").GetInt64())];
    }

    // The JSON members as multipart fields, structures JSON-encoded (spec 9.1.5).
    private static (string, object)[] JsonFields(string body) =>
    [
        .. JsonDocument.Parse(body).RootElement.EnumerateObject()
            .Select(p => (p.Name, (object)(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))),
    ];
}

/// <summary>person_identify_global: one person across cameras.</summary>
public sealed class GlobalPersons_Specs(GlobalPersonsGateway gateway) : IClassFixture<GlobalPersonsGateway>
{
    [Fact]
    public async Task Should_identify_a_person_across_cameras()
    {
        using var client = gateway.CreateAuthorizedClient();
        var man = TestSupport.Photos.Bytes("man1.jpg");

        var first = await Persons_Specs.PostAsync(client, man, Persons_Specs.NewCamera());
        var elsewhere = await Persons_Specs.PostAsync(client, PhotoEdits.Reencode(man, 60), Persons_Specs.NewCamera());
        var other = await Persons_Specs.PostAsync(client, TestSupport.Photos.Bytes("astronaut.png"), Persons_Specs.NewCamera());

        Assert.Equal(first.GetProperty("person_id").GetInt64(), elsewhere.GetProperty("person_id").GetInt64());
        Assert.NotEqual(first.GetProperty("person_id").GetInt64(), other.GetProperty("person_id").GetInt64());
    }
}
