using System.Text.Json.Serialization;
using Contracts.Index;
using Gateway.Errors;
using Gateway.Features.Identify;
using Gateway.Http;
using Gateway.Index;
using Gateway.Storage;
using Vision.Models;
using Workers.Index;

namespace Gateway.Features.Shards;

/// <summary>
/// Direct requests to the index (spec 8.7, FindFace's Tarantool API with <c>:ver</c> v1): add, get, delete, search and list the
/// faces of a gallery by face id and facen, without the metadata store, as a face added or deleted here is not there either.
/// </summary>
public static class DirectEndpoints
{
    public const string SearchStatHeader = "X-search-stat";
    public const string WithIndex = "with_index";
    public const string WithoutIndex = "without_index";

    public static void MapDirect(this IEndpointRouteBuilder api)
    {
        api.MapPost("/{name}/add/{id}", async (string name, string id, HttpRequest http, IFaceStore store, FaceIndexClient index,
            CancellationToken cancellationToken) =>
        {
            var (gallery, faceId) = (GalleryRoutes.CheckName(name, "name"), FaceId(id));
            var facen = await FacenBody.ReadAsync(http, cancellationToken);
            // A stored face's facen is the store's: replacing it here would make identify answer that face's record for another face.
            if (await store.GetAsync(faceId, cancellationToken) is not null)
                throw new ApiException(new ApiError(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                    $"Face {faceId} is an enrolled face: change it through /face/id/{faceId}, not the index alone."));
            if (!await index.AddToGalleryAsync(faceId, facen, gallery, cancellationToken))
                throw new ApiException(new ApiError(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"Face {faceId} is in gallery {gallery} already."));
            return TypedResults.Ok();
        });

        api.MapGet("/{name}/get/{id}", async (string name, string id, FaceIndexClient index, CancellationToken cancellationToken) =>
        {
            var (gallery, faceId) = (GalleryRoutes.CheckName(name, "name"), FaceId(id));
            var facen = await index.GetFacenAsync(faceId, gallery, cancellationToken) ?? throw NotInGallery(faceId, gallery);
            return TypedResults.Ok(new DirectFace(faceId, FacenEncoding.ToBase64(facen)));
        });

        api.MapDelete("/{name}/del/{id}", async (string name, string id, FaceIndexClient index, CancellationToken cancellationToken) =>
        {
            var (gallery, faceId) = (GalleryRoutes.CheckName(name, "name"), FaceId(id));
            if (!await index.RemoveFromGalleryAsync(faceId, gallery, cancellationToken))
                throw NotInGallery(faceId, gallery);
            return TypedResults.Ok();
        });

        api.MapPost("/{name}/search/{limit}/{threshold}", async (string name, string limit, string threshold, HttpRequest http,
            FaceIndexClient index, FacenCalibration calibration, CancellationToken cancellationToken) =>
        {
            var gallery = GalleryRoutes.CheckName(name, "name");
            var n = (int)PathNumbers.Integer("limit", limit, 1, FacenapiOptions.MaxMatches);
            var confidence = (float)PathNumbers.Number("threshold", threshold, 0, 1);
            var linear = LinearSearch(http);
            var facen = await FacenBody.ReadAsync(http, cancellationToken);

            var result = await index.SearchAsync(
                new SearchFacens([facen], gallery, n, calibration.ToCosine(confidence), Strict: null, Linear: linear), cancellationToken);
            http.HttpContext.Response.Headers[SearchStatHeader] = result.Indexed ? WithIndex : WithoutIndex;
            IdentifyEndpoint.SetLiveServers(http.HttpContext.Response, result.LiveShards, result.TotalShards);
            return TypedResults.Ok(result.Matches[0].Select(match => new DirectMatch(calibration.ToConfidence(match.Similarity), match.FaceId)).ToList());
        });

        api.MapGet("/{name}/list/{start_id}/{count}", async (string name, string start_id, string count, FaceIndexClient index,
            CancellationToken cancellationToken) =>
        {
            var gallery = GalleryRoutes.CheckName(name, "name");
            var start = PathNumbers.Integer("start_id", start_id, 0, long.MaxValue);
            var most = (int)PathNumbers.Integer("count", count, 1, FacenapiOptions.MaxPageSize);
            var page = await index.ListAsync(gallery, start, most, cancellationToken);
            return TypedResults.Ok(new DirectPage(
                [.. page.Faces.Select(face => new DirectListedFace(face.FaceId, page.Space, FacenEncoding.ToBase64(face.Facen)))], page.Next));
        });
    }

    private static long FaceId(string id) => PathNumbers.Integer("id", id, 1, long.MaxValue);

    /// <summary><c>?linear_search=1</c> (or true; a bare <c>?linear_search</c> too) scans instead of using the fast index.</summary>
    private static bool LinearSearch(HttpRequest http)
    {
        if (!http.Query.TryGetValue("linear_search", out var values))
            return false;
        return values.ToString() switch
        {
            "" or "1" or "true" or "True" => true,
            "0" or "false" or "False" => false,
            var value => throw new ApiException(ApiError.BadParam("linear_search", value, "linear_search is 1 or 0 (true or false).")),
        };
    }

    private static ApiException NotInGallery(long faceId, string gallery) =>
        new(ApiError.NotFound($"Face {faceId} is not in gallery {gallery}."));
}

/// <summary>Spec 8.7.3's answer: the face id and its facen in base64.</summary>
public sealed record DirectFace(long Id, string Facen);

/// <summary>One match of spec 8.7.5: its confidence (as <c>/identify</c>'s) and face id.</summary>
public sealed record DirectMatch(float Conf, long Id);

/// <summary>Spec 8.7.6's answer: faces by increasing id, and the id to list from next (null after the last face).</summary>
public sealed record DirectPage(IReadOnlyList<DirectListedFace> Faces, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Next);

/// <summary>One face of a listing: its id, the space it is in ("linear" or "indexed") and its facen in base64.</summary>
public sealed record DirectListedFace(long Id, string Space, string Facen);
