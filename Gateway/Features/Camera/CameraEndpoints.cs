using FluentValidation;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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
        api.MapPost("/camera", async (HttpRequest http, IValidator<CameraRequest> validator, ICameraStore store,
            IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
        {
            var request = CameraRequest.Read(await ApiParameters.ReadAsync(http, options.Value, cancellationToken));
            await validator.ValidateOrThrowAsync(request, cancellationToken);
            var camera = request.ToCamera(Guid.NewGuid());
            await store.AddAsync(camera, cancellationToken);
            return TypedResults.Json(CameraView.From(camera), statusCode: StatusCodes.Status201Created);
        });

        api.MapGet("/camera", async (HttpRequest http, IValidator<CameraListRequest> validator, ICameraStore store,
            IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
        {
            var request = CameraListRequest.Read(await ApiParameters.ReadAsync(http, options.Value, cancellationToken));
            await validator.ValidateOrThrowAsync(request, cancellationToken);
            return TypedResults.Ok((await store.ListAsync(request.Detector, cancellationToken)).Select(camera => CameraView.From(camera, request.Credentials)).ToList());
        });

        api.MapGet($"/camera/{{{IdParam}}}", async ([FromRoute(Name = IdParam)] string id, ICameraStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(CameraView.From(await store.GetAsync(ParseId(id), cancellationToken) ?? throw NotFound(id))));

        api.MapPut($"/camera/{{{IdParam}}}", async ([FromRoute(Name = IdParam)] string id, HttpRequest http, IValidator<CameraRequest> validator,
            ICameraStore store, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
        {
            var cameraId = ParseId(id);
            var request = CameraRequest.Read(await ApiParameters.ReadAsync(http, options.Value, cancellationToken));
            await validator.ValidateOrThrowAsync(request, cancellationToken);
            return TypedResults.Ok(CameraView.From(await store.UpdateAsync(cameraId, request.ToChange(), cancellationToken) ?? throw NotFound(id)));
        });

        api.MapDelete($"/camera/{{{IdParam}}}", async ([FromRoute(Name = IdParam)] string id, ICameraStore store, CancellationToken cancellationToken) =>
            await store.DeleteAsync(ParseId(id), cancellationToken) ? TypedResults.NoContent() : throw NotFound(id));
    }

    private static Guid ParseId(string id) => Guid.TryParseExact(id, "D", out var cameraId)
        ? cameraId
        : throw new ApiException(ApiError.BadParam(IdParam, id, "A camera id is a UUID as POST /camera returns it, e.g. 7bb35e9d-9f4f-4e5b-8811-e1dded6de811."));

    private static ApiException NotFound(string id) => new(ApiError.NotFound($"There is no camera with id {id}."));
}
