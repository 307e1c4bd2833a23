using FluentValidation;
using Gateway.Errors;
using Gateway.Features.Persons;
using Gateway.Http;
using Gateway.Index;
using Gateway.Limits;
using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Face;

/// <summary>
/// One face at a time (spec 9.2.4-9.2.8): <c>POST /face</c> enrolls, <c>/face/id/&lt;id&gt;</c> reads, changes and
/// deletes, <c>/face/meta/&lt;meta&gt;</c> and <c>/face/gallery/&lt;gallery&gt;/meta/&lt;meta&gt;</c> list by meta; two aliases from
/// FindFace's cloud API: <c>DELETE /face/meta/&lt;meta&gt;</c> and <c>GET /faces/gallery/&lt;gallery&gt;/meta/&lt;meta&gt;</c>.
/// </summary>
public static class FaceEndpoints
{
    public static void MapFace(this IEndpointRouteBuilder api, ApiVersion version)
    {
        api.MapPost("/face", async (HttpRequest http, EnrollHandler enroll, UploadStore uploads, IOptions<FacenapiOptions> options,
            CancellationToken cancellationToken) =>
        {
            var request = EnrollRequest.Read(await ApiParameters.ReadAsync(http, options.Value, cancellationToken), version)
                with { CaptureKey = IdempotencyKey.Read(http) };
            var faces = await enroll.EnrollAsync(request, cancellationToken);
            var shown = request.Attributes!.Shown;
            return TypedResults.Ok(new FaceList(faces.Select(face => FaceObject.From(face, version, uploads, http, shown)).ToList()));
        }).RequireImageCallLimit();

        api.MapGet("/face/id/{id}", async (string id, HttpRequest http, IFaceStore store, UploadStore uploads, CancellationToken cancellationToken) =>
            TypedResults.Ok(FaceObject.From(await FindAsync(store, id, cancellationToken), version, uploads, http)));

        api.MapPut("/face/id/{id}", (string id, HttpRequest http, IValidator<UpdateFaceRequest> validator, IFaceStore store,
                PendingIndexChanges pending, UploadStore uploads, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            UpdateAsync(id, http, version, validator, store, pending, uploads, options.Value, cancellationToken));

        api.MapDelete("/face/id/{id}", async (string id, IFaceStore store, FaceErasure erasure, PendingIndexChanges pending,
            CancellationToken cancellationToken) =>
        {
            var faceId = ParseId(id);
            // A retry after a 503 finds the face gone from the store but still marked: it finishes the deletion instead of
            // answering 404.
            var face = await store.GetAsync(faceId, cancellationToken);
            if (!await DeleteAsync([faceId], face is null ? [] : [face], store, erasure, pending, cancellationToken))
                throw NotFound(id);
            return TypedResults.NoContent();
        });

        // FindFace's cloud API (the v0 the SDK's v0 comes from), which clients still call: every face with this meta, 204 even
        // when there was none.
        api.MapDelete("/face/meta/{meta}", async (string meta, IFaceStore store, FaceErasure erasure, PendingIndexChanges pending,
            CancellationToken cancellationToken) =>
        {
            var page = new FacePage(null, null, FacenapiOptions.MaxPageSize);
            for (IReadOnlyList<StoredFace> faces; (faces = await store.ListAsync(null, meta, page, cancellationToken)).Count > 0;)
                await DeleteAsync([.. faces.Select(face => face.Id)], faces, store, erasure, pending, cancellationToken);
            return TypedResults.NoContent();
        });

        api.MapGet("/face/meta/{meta}", (string meta, HttpRequest http, IFaceStore store, UploadStore uploads,
                IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            ListByMetaAsync(null, meta, http, version, store, uploads, options.Value, cancellationToken));

        // The second path is FindFace's cloud API's name for the same listing, which clients still call.
        foreach (var path in new[] { "/face/gallery/{gallery}/meta/{meta}", "/faces/gallery/{gallery}/meta/{meta}" })
            api.MapGet(path, (string gallery, string meta, HttpRequest http, IFaceStore store,
                    UploadStore uploads, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
                ListByMetaAsync(gallery, meta, http, version, store, uploads, options.Value, cancellationToken));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest http, ApiVersion version, IValidator<UpdateFaceRequest> validator,
        IFaceStore store, PendingIndexChanges pending, UploadStore uploads, FacenapiOptions options, CancellationToken cancellationToken)
    {
        var face = await FindAsync(store, id, cancellationToken);
        var request = UpdateFaceRequest.Read(await ApiParameters.ReadAsync(http, options, cancellationToken));
        await validator.ValidateOrThrowAsync(request, cancellationToken);

        // A face given a person takes part in person identification from now on (spec 8.2.4), if that is on.
        var person = request.PersonId is { } personId
            ? new PersonAssignment(personId, PersonIdentification.SpaceOf(options, face.CameraId))
            : null;
        var updated = await store.UpdateAsync(face.Id, request.Meta, request.Galleries, person, cancellationToken)
                      ?? throw NotFound(id);
        // A change of galleries or person marked the face pending: its index entry follows the store's record now, or after a
        // 503 with the next sweep.
        if (request.Galleries is not null || person is not null)
            await pending.SettleFacesAsync([updated.Id], cancellationToken);
        return TypedResults.Ok(FaceObject.From(updated, version, uploads, http));
    }

    private static Task<IResult> ListByMetaAsync(string? gallery, string meta, HttpRequest http, ApiVersion version,
        IFaceStore store, UploadStore uploads, FacenapiOptions options, CancellationToken cancellationToken) =>
        Paging.ListAsync(http, store, options, gallery, (scope, page) => store.ListAsync(scope, meta, page, cancellationToken),
            face => face.Id, face => FaceObject.From(face, version, uploads, http), cancellationToken);

    // The store goes first, so that no face is found that cannot be searched, then the faces' files; each face stays marked
    // pending until the index has let it go too.
    /// <param name="stored">The faces of <paramref name="faceIds"/> the store holds, as read by the caller.</param>
    /// <returns>False when none of the faces was stored or pending.</returns>
    private static async Task<bool> DeleteAsync(IReadOnlyList<long> faceIds, IReadOnlyList<StoredFace> stored, IFaceStore store,
        FaceErasure erasure, PendingIndexChanges pending, CancellationToken cancellationToken)
    {
        var deleted = new List<StoredFace>(stored.Count);
        foreach (var face in stored)
        {
            if (await store.DeleteAsync(face.Id, cancellationToken))
                deleted.Add(face);
        }
        await erasure.EraseAsync(deleted, cancellationToken);
        return await pending.SettleFacesAsync(faceIds, cancellationToken) || deleted.Count > 0;
    }

    private static async Task<StoredFace> FindAsync(IFaceStore store, string id, CancellationToken cancellationToken) =>
        await store.GetAsync(ParseId(id), cancellationToken) ?? throw NotFound(id);

    private static long ParseId(string id) =>
        long.TryParse(id, out var faceId) ? faceId : throw new ApiException(ApiError.BadParam("id", id, "A face id is an integer."));

    private static ApiException NotFound(string id) => new(ApiError.NotFound($"There is no face with id {id}."));
}

/// <summary>Faces as <c>POST /face</c> returns them.</summary>
public sealed record FaceList(IReadOnlyList<FaceObject> Results);
