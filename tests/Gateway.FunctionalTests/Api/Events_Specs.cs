using System.Net;
using System.Text.Json;
using TestSupport;

namespace Gateway.FunctionalTests.Api;

/// <summary>GET /v1/events on the real gateway: faces posted with real photos arrive as server-sent events, per camera,
/// and a stream resumes after the last event seen.</summary>
[Collection(GatewayCollection.Name)]
public sealed class Events_Specs(GatewayFactory gateway)
{
    private readonly string _camera = $"events-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Should_send_a_face_posted_with_a_camera_to_that_cameras_stream_and_no_other_cameras_face()
    {
        using var client = gateway.CreateAuthorizedClient();
        await using var stream = await EventStream.OpenAsync(client, $"/v1/events?cam_ids={_camera}");

        await PostAsync(client, "man1.jpg", $"{_camera}-other");
        var posted = await PostAsync(client, "man2.jpg", _camera);

        var (id, data) = await stream.NextAsync();
        Assert.Equal(posted.GetProperty("id").GetInt64().ToString(), id);
        Assert.Equal(_camera, data.GetProperty("cam_id").GetString());
        var face = data.GetProperty("face");
        Assert.Equal(posted.GetProperty("id").GetInt64(), face.GetProperty("id").GetInt64());
        Assert.Equal(posted.GetProperty("thumbnail").GetString(), face.GetProperty("thumbnail").GetString());
        Assert.Equal("male", face.GetProperty("gender").GetString());
    }

    [Fact]
    public async Task Should_resume_after_the_Last_Event_ID_with_the_faces_stored_meanwhile()
    {
        using var client = gateway.CreateAuthorizedClient();
        string seen;
        await using (var stream = await EventStream.OpenAsync(client, $"/v1/events?cam_ids={_camera}"))
        {
            await PostAsync(client, "man1.jpg", _camera);
            (seen, _) = await stream.NextAsync();
        }
        var meanwhile = await PostAsync(client, "grace_hopper.jpg", _camera);

        await using var resumed = await EventStream.OpenAsync(client, $"/v1/events?cam_ids={_camera}", lastEventId: seen);
        var (id, data) = await resumed.NextAsync();
        Assert.Equal(meanwhile.GetProperty("id").GetInt64().ToString(), id);
        Assert.Equal("female", data.GetProperty("face").GetProperty("gender").GetString());
    }

    [Theory]
    [InlineData("/v1/events?cam_ids=no%20spaces", null, "cam_ids")]
    [InlineData("/v1/events", "yesterday", "Last-Event-ID")]
    public async Task Should_refuse_a_bad_camera_or_event_id_naming_it(string path, string? lastEventId, string param)
    {
        using var client = gateway.CreateAuthorizedClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        using var response = await client.SendAsync(request);
        await response.AssertBadParamAsync(param);
    }

    [Fact]
    public async Task Should_refuse_a_stream_without_a_token()
    {
        using var client = gateway.CreateClient();
        using var response = await client.GetAsync("/v1/events");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string photo, string camera)
    {
        using var response = await client.PostAsync("/v1/face", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("cam_id", camera)));
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("results")[0];
    }
}
