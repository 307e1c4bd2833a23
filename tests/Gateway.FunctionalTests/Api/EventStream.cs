using System.Net;
using System.Text.Json;

namespace Gateway.FunctionalTests.Api;

/// <summary>A client of <c>GET /v1/events</c>: reads one event at a time, as any server-sent events client does.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    // A guard against a hung stream, not a timing claim.
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromMinutes(2));

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
