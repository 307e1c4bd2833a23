using System.Reflection;
using System.Text.Json;
using Gateway.Features.Camera;
using Gateway.Features.Persons;
using Gateway.Http;
using Gateway.Storage;
using Gateway.Uploads;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Gateway.Errors;

namespace Gateway.Features.Events;

/// <summary>
/// <c>GET /v1/events</c>: server-sent events of the faces stored from now on (beyond FindFace, for live views): each event is
/// <c>{"face": Face, "cam_id"}</c> with the face id as its id, so that a client resumes with <c>Last-Event-ID</c>. With
/// <c>cam_ids</c> only those cameras' faces. Faces are read from the store a batch at a time, so a slow client holds back
/// its own stream, not the server's memory.
/// </summary>
public static class EventsEndpoint
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static void MapEvents(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events", async (EventsRequest request, HttpContext http, IFaceStore store, FaceFeed feed, UploadStore uploads,
                IOptions<EventsOptions> options, IOptions<JsonOptions> json, TimeProvider time) =>
            {
                var cancellationToken = http.RequestAborted;
                var stream = new FaceEventStream(http, store, feed, uploads, options.Value, json.Value.SerializerOptions, time,
                    request.CameraIds is null ? null : new HistoryFilter(null, request.CameraIds, null, null, null),
                    await StartAfterAsync(http.Request, store, cancellationToken));
                await stream.RunAsync(cancellationToken);
            })
            .WithSummary("Follow the faces stored from now on")
            .WithDescription("Beyond FindFace, for live views: server-sent events (`text/event-stream`), each `event: face` with " +
                             "`data: {\"face\": Face, \"cam_id\"}` and the face id as its `id`; a client resumes after the last event " +
                             $"it saw with `{LastEventIdHeader}`. A comment line keeps an idle stream open.")
            .Produces<FaceEvent>(StatusCodes.Status200OK, "text/event-stream");
    }

    // Resuming: after the last event the client saw; otherwise after the newest face stored so far.
    private static async Task<long> StartAfterAsync(HttpRequest request, IFaceStore store, CancellationToken cancellationToken)
    {
        if (request.Headers[LastEventIdHeader] is not { Count: > 0 } header)
            return await store.MaxIdAsync(cancellationToken);
        return long.TryParse(header.ToString(), out var id) && id >= 0
            ? id
            : throw new ApiException(ApiError.BadParam(LastEventIdHeader, header.ToString(), "Last-Event-ID is the id of an event of this stream: a face id."));
    }
}

/// <summary>The cameras whose faces <c>GET /v1/events</c> follows: <c>cam_ids</c> in the query, repeated or comma-separated;
/// every face without it.</summary>
public sealed record EventsRequest(IReadOnlyList<string>? CameraIds) : IApiRequest<EventsRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("cam_ids", FieldType.Strings, $"Only the faces of these cameras, comma-separated or repeated (at most {HistoryRequestValidator.MaxCameras})."),
    ];

    public static ValueTask<EventsRequest?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<EventsRequest?>(new(context.Request.Query["cam_ids"] is { Count: > 0 } query
            ? [.. query.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))]
            : null));
}

public sealed class EventsRequestValidator : AbstractValidator<EventsRequest>
{
    public EventsRequestValidator()
    {
        RuleFor(request => request.CameraIds).CameraIds(HistoryRequestValidator.MaxCameras);
    }
}

/// <summary>One client's stream: faces above <c>floor</c> are read and sent once each; the floor rises with the faces sent,
/// but never past ids issued less than <see cref="EventsOptions.LateFaceWindow"/> ago, whose faces may still be stored.</summary>
internal sealed class FaceEventStream(HttpContext http, IFaceStore store, FaceFeed feed, UploadStore uploads, EventsOptions options,
    JsonSerializerOptions json, TimeProvider time, HistoryFilter? cameras, long floor)
{
    private readonly HashSet<long> _sentAboveFloor = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // nginx (compose/) would otherwise buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
        var lastWrite = time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var stored = feed.NextAsync();
                if (await SendNewAsync(cancellationToken))
                    lastWrite = time.GetUtcNow();
                else if (time.GetUtcNow() - lastWrite >= options.KeepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    lastWrite = time.GetUtcNow();
                }
                await Task.WhenAny(stored, Task.Delay(options.PollInterval, time, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private async Task<bool> SendNewAsync(CancellationToken cancellationToken)
    {
        var sent = false;
        for (var after = floor; ;)
        {
            var page = new FacePage(null, after, options.BatchSize);
            var faces = cameras is null
                ? await store.ListAsync(null, null, page, cancellationToken)
                : await store.ListHistoryAsync(cameras, page, cancellationToken);
            foreach (var face in faces.OrderBy(face => face.Id))
            {
                after = face.Id;
                if (!_sentAboveFloor.Add(face.Id))
                    continue;
                var view = new FaceEvent(FaceObject.From(face, ApiVersion.V1, uploads, http.Request), face.CameraId);
                await http.Response.WriteAsync($"id: {face.Id}\nevent: face\ndata: {JsonSerializer.Serialize(view, json)}\n\n", cancellationToken);
                sent = true;
            }
            if (sent)
                await http.Response.Body.FlushAsync(cancellationToken);
            if (faces.Count < options.BatchSize)
                break;
        }
        var settled = FaceIds.FirstAt(time.GetUtcNow() - options.LateFaceWindow);
        if (settled > floor)
        {
            floor = settled;
            _sentAboveFloor.RemoveWhere(id => id <= floor);
        }
        return sent;
    }
}

/// <summary>An event of <c>GET /v1/events</c>: the face (as <c>GET /v1/face/id</c> gives it) and the camera that captured it, if any.</summary>
public sealed record FaceEvent(FaceObject Face, string? CamId);
