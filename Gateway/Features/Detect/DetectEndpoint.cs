using Contracts.Embedding;
using Contracts.Faces;
using Gateway.Limits;
using Gateway.Sagas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Features.Detect;

/// <summary><c>POST /detect</c> (spec 9.2.1): the faces on a photo, with gender, age and emotions in v1 when asked.</summary>
public static class DetectEndpoint
{
    public static void MapDetect(this IEndpointRouteBuilder api) =>
        api.MapPost("/detect", DetectAsync)
            .WithSummary("Detect the faces on a photo")
            .WithDescription("Spec 9.2.1. Every face found on the photo.")
            .RequireImageCallLimit();

    private static async Task<Ok<DetectResponse>> DetectAsync(DetectRequest request, PhotoJobs jobs, CancellationToken cancellationToken)
    {
        var result = await jobs.RunAsync("photo", request.Photo!, null, FaceSelector.All, request.Attributes.Wanted(byDefault: false),
            null, null, cancellationToken);
        return TypedResults.Ok(new DetectResponse(result.Faces.Select(DetectedFaceView.From).ToList(), result.Orientation));
    }
}

public sealed record DetectResponse(IReadOnlyList<DetectedFaceView> Faces, int Orientation);
