using Contracts.Embedding;
using Contracts.Faces;
using FluentValidation;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Limits;
using Gateway.Sagas;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Detect;

/// <summary><c>POST /detect</c> (spec 9.2.1): the faces on a photo, with gender, age and emotions in v1 when asked.</summary>
public static class DetectEndpoint
{
    public static void MapDetect(this IEndpointRouteBuilder api, ApiVersion version) =>
        api.MapPost("/detect", async (HttpRequest http, IValidator<DetectRequest> validator, PhotoJobs jobs,
            IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
        {
            var parameters = await ApiParameters.ReadAsync(http, options.Value, cancellationToken);
            var request = DetectRequest.Read(parameters, version);
            await validator.ValidateOrThrowAsync(request, cancellationToken);

            var result = await jobs.RunAsync("photo", request.Photo!, null, FaceSelector.All, request.Attributes.Wanted(byDefault: false),
                null, null, cancellationToken);
            return TypedResults.Ok(new DetectResponse(result.Faces.Select(DetectedFaceView.From).ToList(), result.Orientation));
        }).RequireImageCallLimit();
}

public sealed record DetectResponse(IReadOnlyList<DetectedFaceView> Faces, int Orientation);
