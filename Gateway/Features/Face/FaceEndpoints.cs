using System.Globalization;
using System.Reflection;
using Contracts.Embedding;
using Gateway.Errors;
using Gateway.Features.Persons;
using Gateway.Index;
using Gateway.Http;
using Gateway.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
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
    // FindFace's cloud API (the v0 the SDK's v0 comes from) named some methods otherwise; clients written for it still call them.
    private const string CloudAlias = "An alias from FindFace's cloud API, beyond the SDK's spec, for clients written for it: ";

    public static void MapFace(this IEndpointRouteBuilder api)
    {
        api.MapPost("/face", EnrollAsync)
            .WithSummary("Enroll the faces of a photo")
            .WithDescription("Spec 9.2.4. Stores the selected faces with their meta string and galleries; a photo without a face is " +
                             $"400 BAD_PARAM. With an `{IdempotencyKey.Header}` header (beyond the spec, 1 to {IdempotencyKey.MaxLength} " +
                             "printable ASCII characters) a request whose key is stored already stores nothing and answers the faces the " +
                             "first one stored, so a retry after a lost answer never enrolls a photo twice.")
            .RequireImageCallLimit();
        api.MapGet("/face/id/{id}", GetAsync).WithSummary("Read a face").WithDescription("Spec 9.2.5.");
        api.MapPut("/face/id/{id}", UpdateAsync).WithSummary("Change a face's meta, galleries or person")
            .WithDescription("Spec 9.2.6. Parameters left out are left as they are.");
        api.MapDelete("/face/id/{id}", DeleteOneAsync).WithSummary("Delete a face").WithDescription("Spec 9.2.7.");
        api.MapDelete("/face/meta/{meta}", DeleteByMetaAsync).WithSummary("Delete every face with a meta string")
            .WithDescription(CloudAlias + "as DELETE /face/id/{id} for each face with this meta string. 204 also when there was none.");
        api.MapGet("/face/meta/{meta}", (string meta, PageRequest page, [AsParameters] FaceListServices services, CancellationToken cancellationToken) =>
                ListByMetaAsync(null, meta, page, services, cancellationToken))
            .WithSummary("List the faces with a meta string").WithDescription("Spec 9.2.8. Paginated.");
        api.MapGet("/face/gallery/{gallery}/meta/{meta}", ListByMetaInGalleryAsync)
            .WithSummary("List a gallery's faces with a meta string").WithDescription("Spec 9.3, as /face/meta/{meta} within one gallery.");
        api.MapGet("/faces/gallery/{gallery}/meta/{meta}", ListByMetaInGalleryAsync)
            .WithSummary("List a gallery's faces with a meta string")
            .WithDescription(CloudAlias + "/face/gallery/{gallery}/meta/{meta}.");
    }

    private static async Task<Ok<FaceList>> EnrollAsync(EnrollRequest request, EnrollHandler enroll, [AsParameters] FaceListServices services,
        CancellationToken cancellationToken)
    {
        var faces = await enroll.EnrollAsync(request, cancellationToken);
        var shown = request.Attributes!.Shown;
        return TypedResults.Ok(new FaceList(faces.Select(face => services.View(face, shown)).ToList()));
    }

    private static Ok<FaceObject> GetAsync(FaceOfPath face, [AsParameters] FaceListServices services) =>
        TypedResults.Ok(services.View(face.Face));

    // The face binds before the request: an unknown face is 404 whatever the body holds.
    private static async Task<Ok<FaceObject>> UpdateAsync(FaceOfPath path, UpdateFaceRequest request, [AsParameters] FaceListServices services,
        PendingIndexChanges pending, IOptions<FacenapiOptions> options, CancellationToken cancellationToken)
    {
        var store = services.Store;
        var face = path.Face;

        // A face given a person takes part in person identification from now on (spec 8.2.4), if that is on.
        var person = request.PersonId is { } personId
            ? new PersonAssignment(personId, PersonIdentification.SpaceOf(options.Value, face.CameraId))
            : null;
        var updated = await store.UpdateAsync(face.Id, request.Meta, request.Galleries, person, cancellationToken)
                      ?? throw NotFound(face.Id.ToString(CultureInfo.InvariantCulture));
        // A change of galleries or person marked the face pending: its index entry follows the store's record now, or after a
        // 503 with the next sweep.
        if (request.Galleries is not null || person is not null)
            await pending.SettleFacesAsync([updated.Id], cancellationToken);
        return TypedResults.Ok(services.View(updated));
    }

    private static async Task<NoContent> DeleteOneAsync(string id, IFaceStore store, FaceErasure erasure, PendingIndexChanges pending,
        CancellationToken cancellationToken)
    {
        var faceId = ParseId(id);
        // A retry after a 503 finds the face gone from the store but still marked: it finishes the deletion instead of
        // answering 404.
        var face = await store.GetAsync(faceId, cancellationToken);
        if (!await DeleteAsync([faceId], face is null ? [] : [face], store, erasure, pending, cancellationToken))
            throw NotFound(id);
        return TypedResults.NoContent();
    }

    // Every face with this meta, 204 even when there was none.
    private static async Task<NoContent> DeleteByMetaAsync(string meta, IFaceStore store, FaceErasure erasure, PendingIndexChanges pending,
        CancellationToken cancellationToken)
    {
        var page = new FacePage(null, null, FacenapiOptions.MaxPageSize);
        for (IReadOnlyList<StoredFace> faces; (faces = await store.ListAsync(null, meta, page, cancellationToken)).Count > 0;)
            await DeleteAsync([.. faces.Select(face => face.Id)], faces, store, erasure, pending, cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<Ok<Page<FaceObject>>> ListByMetaInGalleryAsync(string gallery, string meta, PageRequest page,
        [AsParameters] FaceListServices services, CancellationToken cancellationToken) =>
        ListByMetaAsync(gallery, meta, page, services, cancellationToken);

    private static Task<Ok<Page<FaceObject>>> ListByMetaAsync(string? gallery, string meta, PageRequest page, FaceListServices services,
        CancellationToken cancellationToken) =>
        Paging.ListAsync(services.Http.Request, services.Store, page, gallery,
            (scope, asked) => services.Store.ListAsync(scope, meta, asked, cancellationToken), face => face.Id, face => services.View(face),
            cancellationToken);

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

    /// <exception cref="ApiException">BAD_PARAM for an id that is not an integer, NOT_FOUND for an unknown face.</exception>
    public static async Task<StoredFace> FindAsync(IFaceStore store, string id, CancellationToken cancellationToken) =>
        await store.GetAsync(ParseId(id), cancellationToken) ?? throw NotFound(id);

    private static long ParseId(string id) =>
        long.TryParse(id, out var faceId) ? faceId : throw new ApiException(ApiError.BadParam("id", id, "A face id is an integer."));

    private static ApiException NotFound(string id) => new(ApiError.NotFound($"There is no face with id {id}."));
}

/// <summary>The face a path names (<c>/face/id/&lt;id&gt;</c>), found as the call binds, before its parameters are read.</summary>
public sealed record FaceOfPath(StoredFace Face) : IBindableFromHttpContext<FaceOfPath>
{
    public static async ValueTask<FaceOfPath?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        new(await FaceEndpoints.FindAsync(context.RequestServices.GetRequiredService<IFaceStore>(),
            context.Request.RouteValues["id"]?.ToString() ?? "", context.RequestAborted));
}

/// <summary>What reading faces and showing them as the call's version has them needs.</summary>
public sealed record FaceListServices(HttpContext Http, IFaceStore Store, UploadStore Uploads)
{
    public FaceObject View(StoredFace face, FaceAttributes shown = AttributeFlags.All) =>
        FaceObject.From(face, ApiVersionMetadata.Of(Http), Uploads, Http.Request, shown);
}

/// <summary>Faces as <c>POST /face</c> returns them.</summary>
public sealed record FaceList(IReadOnlyList<FaceObject> Results);
