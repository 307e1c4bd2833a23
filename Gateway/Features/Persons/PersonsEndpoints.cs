using FluentValidation;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Persons;

/// <summary>
/// Persons and camera history (spec 8.2.3-8.2.4, 9.2.17-18): <c>GET /persons</c>, <c>/person/id/&lt;id&gt;</c>,
/// <c>/person/history/id/&lt;id&gt;</c> and <c>POST /history/search</c>. History is the faces posted with a <c>cam_id</c>,
/// newest first; its filter comes in the body (or query) and the next page is the same request at <c>next_page</c>.
/// </summary>
public static class PersonsEndpoints
{
    public static void MapPersons(this IEndpointRouteBuilder api)
    {
        api.MapGet("/persons", async (HttpRequest http, IFaceStore store, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
        {
            var page = Paging.Read(await ApiParameters.ReadAsync(http, options.Value, cancellationToken), options.Value);
            return TypedResults.Ok(Paging.BuildForward(http, page, await store.ListPersonsAsync(page, cancellationToken), person => person.Id,
                person => person));
        });

        api.MapGet("/person/id/{person_id}", async ([FromRoute(Name = "person_id")] string id, IFaceStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(await store.GetPersonAsync(ParseId(id), cancellationToken)
                            ?? throw new ApiException(ApiError.NotFound($"There is no person with id {id}."))));

        api.MapGet("/person/history/id/{person_id}", async ([FromRoute(Name = "person_id")] string id, HttpRequest http, IValidator<HistoryFilter> validator, IFaceStore store,
            UploadStore uploads, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
        {
            var personId = ParseId(id);
            return await SearchAsync(http, validator, store, options.Value, filter => filter with { PersonId = personId },
                face => PersonEvent.From(face, uploads, http), cancellationToken);
        });

        api.MapPost("/history/search", (HttpRequest http, IValidator<HistoryFilter> validator, IFaceStore store, UploadStore uploads,
                IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            SearchAsync(http, validator, store, options.Value, filter => filter, face => HistoryEvent.From(face, uploads, http), cancellationToken));
    }

    private static async Task<IResult> SearchAsync<TView>(HttpRequest http, IValidator<HistoryFilter> validator, IFaceStore store,
        FacenapiOptions options, Func<HistoryFilter, HistoryFilter> scope, Func<StoredFace, TView> view, CancellationToken cancellationToken)
    {
        var parameters = await ApiParameters.ReadAsync(http, options, cancellationToken);
        var filter = scope(HistoryRequest.Read(parameters));
        await validator.ValidateOrThrowAsync(filter, cancellationToken);
        var page = Paging.Read(parameters, options, unlimited: true);
        return TypedResults.Ok(Paging.BuildForward(http, page, await store.ListHistoryAsync(filter, page, cancellationToken), face => face.Id, view));
    }

    private static long ParseId(string id) => long.TryParse(id, out var personId) && personId > 0
        ? personId
        : throw new ApiException(ApiError.BadParam("person_id", id, "A person id is a positive integer."));
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
