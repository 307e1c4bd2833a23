using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Index;
using Gateway.Index;
using Microsoft.AspNetCore.Http.HttpResults;
using Gateway.Limits;
using Gateway.Sagas;
using Gateway.Storage;
using Gateway.Uploads;
using Vision.Models;

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

    public static void MapIdentify(this IEndpointRouteBuilder api)
    {
        api.MapPost("/identify", (IdentifyRequest request, [AsParameters] IdentifyServices services, HttpContext http,
                CancellationToken cancellationToken) => IdentifyAsync(null, request, services, http, cancellationToken))
            .WithSummary("Search every face for the faces on a photo")
            .WithDescription("Spec 9.2.3. The `n` most similar enrolled faces at or above the threshold, for each face on the photo, " +
                             "keyed by its box as \"[x1, y1, x2, y2]\".")
            .RequireImageCallLimit();
        api.MapPost("/faces/gallery/{gallery}/identify", (string gallery, IdentifyRequest request, [AsParameters] IdentifyServices services,
                HttpContext http, CancellationToken cancellationToken) => IdentifyAsync(gallery, request, services, http, cancellationToken))
            .WithSummary("Search a gallery for the faces on a photo")
            .WithDescription("Spec 9.3: as /identify, among the faces of one gallery; an unknown gallery is 404.")
            .RequireImageCallLimit();
    }

    private static async Task<Ok<IdentifyResponse>> IdentifyAsync(string? gallery, IdentifyRequest request, IdentifyServices services,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (jobs, store, index, uploads, calibration) = services;
        gallery = await GalleryRoutes.EnsureExistsAsync(store, gallery, cancellationToken) ?? GalleryNames.Default;
        var version = ApiVersionMetadata.Of(http);
        var shown = request.Attributes.Shown;

        var wanted = (int)request.N;
        var search = new FaceSearch(gallery, wanted + FaceSearch.SpareCandidates, calibration.ToCosine(request.Confidence), request.Strict);
        var result = await jobs.RunAsync("photo", request.Photo!, request.Boxes, request.Boxes is null ? request.Selector : FaceSelector.Biggest,
            FaceAttributes.Facen, search, null, cancellationToken);

        var stored = new Dictionary<long, StoredFace>();
        var results = new Dictionary<string, IReadOnlyList<IdentifyMatch>>();
        foreach (var face in result.Faces)
        {
            var matches = await StoredMatchesAsync(face.Matches!, face.Description!.Facen!, search, wanted, stored, store, index, cancellationToken);
            results[BoxView.From(face.Detected.Box).ToKey()] = matches
                .Select(match => new IdentifyMatch(calibration.ToConfidence(match.Similarity),
                    FaceObject.From(stored[match.FaceId], version, uploads, http.Request, shown)))
                .ToList();
        }
        SetLiveServers(http.Response, result.LiveShards, result.TotalShards);
        return TypedResults.Ok(new IdentifyResponse(results));
    }

    /// <summary>The best <paramref name="wanted"/> matches that the store holds: an index entry of a face not stored (deleted
    /// while the search ran, or whose deletion or enrollment is still pending) is left out rather than answered half. Such
    /// entries must not hide a stored match, so the index is asked for spare candidates, and again for twice as many while it
    /// gave all it was asked for and too few of them are stored.</summary>
    private static async Task<IReadOnlyList<FacenMatch>> StoredMatchesAsync(IReadOnlyList<FacenMatch> matches, float[] facen, FaceSearch search,
        int wanted, Dictionary<long, StoredFace> stored, IFaceStore store, FaceIndexClient index, CancellationToken cancellationToken)
    {
        var asked = search.N;
        while (true)
        {
            var kept = (await store.StoredAmongAsync(matches, stored, cancellationToken)).Take(wanted).ToList();
            if (kept.Count == wanted || matches.Count < asked)
                return kept;
            asked *= 2;
            var again = await index.SearchAsync(new SearchFacens([facen], search.Gallery, asked, search.MinSimilarity, search.Strict), cancellationToken);
            matches = again.Matches[0];
        }
    }
}

/// <summary>What an identification needs besides its request.</summary>
public sealed record IdentifyServices(PhotoJobs Jobs, IFaceStore Store, FaceIndexClient Index, UploadStore Uploads, FacenCalibration Calibration);

public sealed record IdentifyResponse(IReadOnlyDictionary<string, IReadOnlyList<IdentifyMatch>> Results);

public sealed record IdentifyMatch(float Confidence, FaceObject Face);
