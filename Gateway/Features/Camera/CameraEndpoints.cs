using Gateway.Errors;
using Gateway.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Features.Camera;

/// <summary>
/// The cameras fkvideo_detector reads its streams from (spec 9.4): <c>POST /camera</c> adds one, <c>GET /camera</c> lists them
/// (<c>?detector=</c> narrows to one detector's, spec 5.2.1), and <c>/camera/&lt;camera_id&gt;</c> reads, changes and deletes one.
/// </summary>
public static class CameraEndpoints
{
    private const string IdParam = "camera_id";

    public static void MapCamera(this IEndpointRouteBuilder api)
    {
        api.MapPost("/camera", AddAsync).WithSummary("Add a camera")
            .WithDescription("Spec 9.4.1. Every parameter is optional; what is not given is left out of the camera.");
        api.MapGet("/camera", ListAsync).WithSummary("List the cameras")
            .WithDescription("Spec 9.4.2. Every camera in the order they were added, or with `detector` only that detector's.");
        api.MapGet($"/camera/{{{IdParam}}}", GetAsync).WithSummary("Read a camera").WithDescription("Spec 9.4.3.");
        api.MapPut($"/camera/{{{IdParam}}}", UpdateAsync).WithSummary("Change a camera")
            .WithDescription("Spec 9.4.4. `meta`, `url` and `detector` left out are left as they are; `rot` and `roi` left out or empty " +
                             "are removed, so pass them on every change that should keep them.");
        api.MapDelete($"/camera/{{{IdParam}}}", DeleteAsync).WithSummary("Delete a camera").WithDescription("Spec 9.4.5.");
    }

    private static async Task<JsonHttpResult<CameraView>> AddAsync(CameraRequest request, ICameraStore store, CancellationToken cancellationToken)
    {
        var camera = request.ToCamera(Guid.NewGuid());
        await store.AddAsync(camera, cancellationToken);
        return TypedResults.Json(CameraView.From(camera), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<Ok<List<CameraView>>> ListAsync(CameraListRequest request, ICameraStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(request.Detector, cancellationToken)).Select(camera => CameraView.From(camera, request.Credentials)).ToList());

    private static async Task<Ok<CameraView>> GetAsync([FromRoute(Name = IdParam)] string id, ICameraStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(CameraView.From(await store.GetAsync(ParseId(id), cancellationToken) ?? throw NotFound(id)));

    private static async Task<Ok<CameraView>> UpdateAsync([FromRoute(Name = IdParam)] string id, CameraRequest request, ICameraStore store,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(CameraView.From(await store.UpdateAsync(ParseId(id), request.ToChange(), cancellationToken) ?? throw NotFound(id)));

    private static async Task<NoContent> DeleteAsync([FromRoute(Name = IdParam)] string id, ICameraStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(ParseId(id), cancellationToken) ? TypedResults.NoContent() : throw NotFound(id);

    private static Guid ParseId(string id) => Guid.TryParseExact(id, "D", out var cameraId)
        ? cameraId
        : throw new ApiException(ApiError.BadParam(IdParam, id, "A camera id is a UUID as POST /camera returns it, e.g. 7bb35e9d-9f4f-4e5b-8811-e1dded6de811."));

    private static ApiException NotFound(string id) => new(ApiError.NotFound($"There is no camera with id {id}."));
}
