using System.Net;
using System.Text.Json;
using TestSupport;

namespace Gateway.FunctionalTests.Api;

/// <summary>GET /v1/events on the real gateway: faces posted with real photos arrive as server-sent events, per camera,
/// and a stream resumes after the last event seen.</summary>
[Collection(GatewayCollection.Name)]
public sealed class Events_Specs(GatewayFactory gateway)
{
    // A guard against a hung stream, not a timing claim.
    private static readonly TimeSpan StreamGuard = TimeSpan.FromMinutes(2);

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

    /// <summary>A client of the stream: reads one event at a time, as any server-sent events client does.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;
        private readonly CancellationTokenSource _guard = new(StreamGuard);

        private EventStream(HttpResponseMessage response, Stream body)
        {
            _response = response;
            _reader = new StreamReader(body);
        }

        public static async Task<EventStream> OpenAsync(HttpClient client, string path, string? lastEventId = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (lastEventId is not null)
                request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new EventStream(response, await response.Content.ReadAsStreamAsync());
        }

        /// <summary>The next event's id and data, skipping comments.</summary>
        public async Task<(string Id, JsonElement Data)> NextAsync()
        {
            string? id = null, data = null;
            while (await _reader.ReadLineAsync(_guard.Token) is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                    id = line[4..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    data = line[6..];
                else if (line == "" && data is not null)
                    return (id!, JsonDocument.Parse(data).RootElement.Clone());
            }
            throw new EndOfStreamException("The event stream ended.");
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            _guard.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
