using Contracts.Embedding;
using Contracts.Faces;
using FluentValidation;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Limits;
using Gateway.Sagas;
using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.Extensions.Options;
using Vision.Models;
using Workers.Index;

namespace Gateway.Features.Identify;

/// <summary>
/// <c>POST /identify</c> and <c>POST /faces/gallery/&lt;gallery&gt;/identify</c> (spec 9.2.3, 9.3): the enrolled faces
/// most like each face on the photo, keyed by the face's box.
/// </summary>
public static class IdentifyEndpoint
{
    private const string LiveServersHeader = "X-Live-Servers";

    /// <summary>Spec 9.2.3: how many index servers took part in a search, as FindFace reports its tntapi shards.</summary>
    public static void SetLiveServers(HttpResponse response, int live, int total) => response.Headers[LiveServersHeader] = $"{live}/{total}";

    public static void MapIdentify(this IEndpointRouteBuilder api, ApiVersion version)
    {
        api.MapPost("/identify", (HttpRequest http, IValidator<IdentifyRequest> validator, PhotoJobs jobs, IFaceStore store,
                UploadStore uploads, FacenCalibration calibration, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            IdentifyAsync(null, http, version, validator, jobs, store, uploads, calibration, options.Value, cancellationToken)).RequireImageCallLimit();
        api.MapPost("/faces/gallery/{gallery}/identify", (string gallery, HttpRequest http, IValidator<IdentifyRequest> validator,
                PhotoJobs jobs, IFaceStore store, UploadStore uploads, FacenCalibration calibration, IOptions<FacenapiOptions> options,
                CancellationToken cancellationToken) =>
            IdentifyAsync(gallery, http, version, validator, jobs, store, uploads, calibration, options.Value, cancellationToken)).RequireImageCallLimit();
    }

    private static async Task<IResult> IdentifyAsync(string? gallery, HttpRequest http, ApiVersion version,
        IValidator<IdentifyRequest> validator, PhotoJobs jobs, IFaceStore store, UploadStore uploads, FacenCalibration calibration,
        FacenapiOptions options, CancellationToken cancellationToken)
    {
        gallery = await GalleryRoutes.EnsureExistsAsync(store, gallery, cancellationToken) ?? GalleryNames.Default;
        var parameters = await ApiParameters.ReadAsync(http, options, cancellationToken);
        var request = IdentifyRequest.Read(parameters);
        var shown = AttributeFlags.Read(parameters, version).Shown;
        await validator.ValidateOrThrowAsync(request, cancellationToken);

        var search = new FaceSearch(gallery, (int)request.N, calibration.ToCosine(request.Confidence), request.Strict);
        var result = await jobs.RunAsync("photo", request.Photo!, request.Boxes, request.Boxes is null ? request.Selector : FaceSelector.Biggest,
            FaceAttributes.Facen, search, null, cancellationToken);

        var ids = result.Faces.SelectMany(face => face.Matches!).Select(match => match.FaceId).Distinct().ToList();
        var stored = await store.GetManyAsync(ids, cancellationToken);
        var results = new Dictionary<string, IReadOnlyList<IdentifyMatch>>();
        foreach (var face in result.Faces)
        {
            // A face deleted while the search ran is left out rather than answered half.
            results[BoxView.From(face.Detected.Box).ToKey()] = face.Matches!
                .Where(match => stored.ContainsKey(match.FaceId))
                .Select(match => new IdentifyMatch(calibration.ToConfidence(match.Similarity),
                    FaceObject.From(stored[match.FaceId], version, uploads, http, shown)))
                .ToList();
        }
        SetLiveServers(http.HttpContext.Response, result.LiveShards, result.TotalShards);
        return TypedResults.Ok(new IdentifyResponse(results));
    }
}

public sealed record IdentifyResponse(IReadOnlyDictionary<string, IReadOnlyList<IdentifyMatch>> Results);

public sealed record IdentifyMatch(float Confidence, FaceObject Face);
