using Gateway.Errors;
using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Features.Persons;

/// <summary>
/// Persons and camera history (spec 8.2.3-8.2.4, 9.2.17-18): <c>GET /persons</c>, <c>/person/id/&lt;id&gt;</c>,
/// <c>/person/history/id/&lt;id&gt;</c> and <c>POST /history/search</c>. History is the faces posted with a <c>cam_id</c>,
/// newest first; its filter comes in the body (or query) and the next page is the same request at <c>next_page</c>.
/// </summary>
public static class PersonsEndpoints
{
    public const string PersonIdParam = "person_id";

    public static void MapPersons(this IEndpointRouteBuilder api)
    {
        api.MapGet("/persons", ListAsync).WithSummary("List the persons")
            .WithDescription("Spec 8.2.4. Each person with the meta of its first face, newest person first; `next_page` links the next page.");
        api.MapGet($"/person/id/{{{PersonIdParam}}}", GetAsync).WithSummary("Read a person").WithDescription("Spec 9.2.17.");
        api.MapGet($"/person/history/id/{{{PersonIdParam}}}", (HistoryRequest request, IFaceStore store, UploadStore uploads, HttpRequest http,
                CancellationToken cancellationToken) => SearchAsync(request, store, face => PersonEvent.From(face, uploads, http), http, cancellationToken))
            .WithSummary("A person's camera history")
            .WithDescription("Spec 8.2.4, 9.2.17. The faces of the person that cameras captured, newest first. The filter may come as a " +
                             "JSON body (as the spec sends it, with GET) or in the query string.");
        api.MapPost("/history/search", (HistoryRequest request, IFaceStore store, UploadStore uploads, HttpRequest http,
                CancellationToken cancellationToken) => SearchAsync(request, store, face => HistoryEvent.From(face, uploads, http), http, cancellationToken))
            .WithSummary("Search the camera history")
            .WithDescription("Spec 9.2.18. Faces captured by cameras (posted with `cam_id`), newest first. For the next page send the " +
                             "same request to `next_page`.");
    }

    /// <exception cref="ApiException">BAD_PARAM for anything but a positive integer.</exception>
    public static long ParseId(string id) => long.TryParse(id, out var personId) && personId > 0
        ? personId
        : throw new ApiException(ApiError.BadParam(PersonIdParam, id, "A person id is a positive integer."));

    private static async Task<Ok<ForwardPage<PersonSummary>>> ListAsync(PageRequest page, IFaceStore store, HttpRequest http,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(Paging.BuildForward(http, page.Page, await store.ListPersonsAsync(page.Page, cancellationToken), person => person.Id,
            person => person));

    private static async Task<Ok<PersonSummary>> GetAsync([FromRoute(Name = PersonIdParam)] string id, IFaceStore store,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetPersonAsync(ParseId(id), cancellationToken)
                        ?? throw new ApiException(ApiError.NotFound($"There is no person with id {id}.")));

    private static async Task<Ok<ForwardPage<TView>>> SearchAsync<TView>(HistoryRequest request, IFaceStore store, Func<StoredFace, TView> view,
        HttpRequest http, CancellationToken cancellationToken) =>
        TypedResults.Ok(Paging.BuildForward(http, request.Page, await store.ListHistoryAsync(request.Filter, request.Page, cancellationToken),
            face => face.Id, view));
}

/// <summary>An event of <c>/history/search</c> (spec 9.2.18): a face a camera captured.</summary>
public sealed record HistoryEvent(
    long Id,
    string CamId,
    long? PersonId,
    bool Friend,
    string Meta,
    string Timestamp,
    string Photo,
    string PhotoHash,
    int X1,
    int Y1,
    int X2,
    int Y2)
{
    public static HistoryEvent From(StoredFace face, UploadStore uploads, HttpRequest request) => new(
        face.Id, face.CameraId!, face.PersonId, face.Friend ?? false, face.Meta, FaceObject.TimeText(face.Timestamp),
        uploads.UrlOf(face.Photo, request), face.PhotoHash, face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom);
}

/// <summary>An event of <c>/person/history/id/&lt;id&gt;</c> (spec 8.2.4, 9.2.17): the face, its camera and its thumbnail.</summary>
public sealed record PersonEvent(long PersonId, long FaceId, string CamId, string Meta, string? Screenshot, string Timestamp)
{
    public static PersonEvent From(StoredFace face, UploadStore uploads, HttpRequest request) => new(
        face.PersonId!.Value, face.Id, face.CameraId!, face.Meta,
        face.Thumbnail is { } thumbnail ? uploads.UrlOf(thumbnail, request) : null, FaceObject.TimeText(face.Timestamp));
}
