using System.Text.Json.Serialization;
using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Index;
using Gateway.Limits;
using Gateway.Sagas;
using Microsoft.AspNetCore.Http.HttpResults;
using Vision.Models;

namespace Gateway.Features.Verify;

/// <summary>
/// <c>POST /verify</c> (spec 9.2.2): every face of the first photo against every face of the second, with a verdict
/// per pair and for the photos (each face of the first has a match on the second) unless the threshold is "none".
/// </summary>
public static class VerifyEndpoint
{
    public static void MapVerify(this IEndpointRouteBuilder api) =>
        api.MapPost("/verify", VerifyAsync)
            .WithSummary("Compare the faces of two photos")
            .WithDescription("Spec 9.2.2. Every face of photo1 against every face of photo2. `verified` is true when each face of photo1 " +
                             "has a match on photo2; with threshold `none` there is no verdict and `verified` is left out.")
            .RequireImageCallLimit();

    private static async Task<Ok<VerifyResponse>> VerifyAsync(VerifyRequest request, PhotoJobs jobs, FaceIndexClient index,
        FacenCalibration calibration, CancellationToken cancellationToken)
    {
        var wanted = FaceAttributes.Facen | request.Attributes.Wanted(byDefault: false);
        var first = RunAsync(jobs, "photo1", request.Photo1!, request.Boxes1, request.Selector, wanted, cancellationToken);
        var second = RunAsync(jobs, "photo2", request.Photo2!, request.Boxes2, request.Selector, wanted, cancellationToken);
        var (faces1, faces2) = (await first, await second);
        if (faces1.Count * faces2.Count > FacenapiOptions.MaxVerifyPairs)
            throw new ApiException(ApiError.BadParam(MultiFaceSelector.Param, "all",
                $"The photos hold {faces1.Count} and {faces2.Count} faces: more than {FacenapiOptions.MaxVerifyPairs} pairs to compare; " +
                "ask for the biggest faces (mf_selector=biggest) or name them with bbox1 and bbox2."));
        var similarities = faces1.Count > 0 && faces2.Count > 0
            ? await index.CompareAsync(Facens(faces1), Facens(faces2), cancellationToken)
            : [];

        var results = new List<VerifyPair>();
        for (var i = 0; i < faces1.Count; i++)
        {
            for (var j = 0; j < faces2.Count; j++)
            {
                var confidence = calibration.ToConfidence(similarities[i][j]);
                results.Add(new VerifyPair(DetectedFaceView.From(faces1[i]), DetectedFaceView.From(faces2[j]),
                    confidence, request.Confidence is { } threshold ? confidence >= threshold : null));
            }
        }
        bool? verified = request.Confidence is null
            ? null
            : faces1.Count > 0 && faces1.Select((_, i) => results.Skip(i * faces2.Count).Take(faces2.Count).Any(pair => pair.Verified == true)).All(match => match);
        return TypedResults.Ok(new VerifyResponse(results, verified));
    }

    private static async Task<IReadOnlyList<ProcessedFace>> RunAsync(PhotoJobs jobs, string param, PhotoSource photo,
        IReadOnlyList<Box>? boxes, FaceSelector selector, FaceAttributes wanted, CancellationToken cancellationToken)
    {
        // Boxes override the selector (spec 9.2.2): the biggest face of each box.
        var result = await jobs.RunAsync(param, photo, boxes, boxes is null ? selector : FaceSelector.Biggest,
            wanted, null, null, cancellationToken);
        return result.Faces;
    }

    private static List<float[]> Facens(IReadOnlyList<ProcessedFace> faces) => faces.Select(face => face.Description!.Facen!).ToList();
}

public sealed record VerifyResponse(IReadOnlyList<VerifyPair> Results, bool? Verified);

/// <param name="Verified">Null (left out) when the threshold is "none".</param>
public sealed record VerifyPair(DetectedFaceView Bbox1, DetectedFaceView Bbox2, float Confidence, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Verified);
