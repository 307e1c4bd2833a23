using Contracts.Index;
using Gateway.Errors;
using Gateway.Index;
using Gateway.Http;
using Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Galleries;

/// <summary><c>GET /galleries</c>, <c>POST</c> and <c>DELETE /galleries/&lt;gallery&gt;</c> (spec 9.2.12-9.2.14, 9.3), and FindFace's
/// cloud API's <c>POST /galleries</c> with the name in the body.</summary>
public static class GalleriesEndpoints
{
    /// <summary>The gallery's name in <c>POST /galleries</c>'s body.</summary>
    private const string NameParam = "name";

    // Faces of a deleted gallery per index request.
    private const int SettledPerRequest = 1024;

    public static void MapGalleries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/galleries", async (IFaceStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(new GalleryList([GalleryNames.Default, .. await store.ListGalleriesAsync(cancellationToken)])));

        api.MapPost("/galleries/{gallery}", (string gallery, IFaceStore store, CancellationToken cancellationToken) =>
            CreateAsync(GalleryRoutes.CheckName(gallery), store, cancellationToken));

        // FindFace's cloud API (the v0 the SDK's v0 comes from), which clients still call: the name in the body.
        api.MapPost("/galleries", async (HttpRequest http, IFaceStore store, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
        {
            var name = (await ApiParameters.ReadAsync(http, options.Value, cancellationToken)).String(NameParam)
                       ?? throw new ApiException(ApiError.BadParam(NameParam, null, "The gallery's name is needed."));
            return await CreateAsync(GalleryRoutes.CheckName(name, NameParam), store, cancellationToken);
        });

        api.MapDelete("/galleries/{gallery}", async (string gallery, IFaceStore store, FaceErasure erasure, FaceIndexClient index,
            PendingIndexChanges pending,
            CancellationToken cancellationToken) =>
        {
            GalleryRoutes.CheckName(gallery);
            if (gallery == GalleryNames.Default)
                throw new ApiException(ApiError.BadParam("gallery", gallery, "The default gallery cannot be deleted."));
            // The faces leave the store first (spec 9.2.14: from every gallery), marked pending with the gallery's name until the
            // index has let them go, then their files; a retry after a 503 finishes the deletion instead of answering 404.
            var deleted = await store.DeleteGalleryAsync(gallery, cancellationToken);
            await erasure.EraseAsync(deleted ?? [], cancellationToken);
            var settled = false;
            IReadOnlyList<PendingFace> faces;
            do
            {
                faces = await store.ListPendingAsync(DateTime.MaxValue, gallery, SettledPerRequest, cancellationToken);
                await pending.SettleAsync(faces, cancellationToken);
                settled |= faces.Count > 0;
            }
            while (faces.Count == SettledPerRequest);
            if (deleted is null && !settled)
                throw new ApiException(ApiError.NotFound($"There is no gallery named {gallery}."));
            await index.DropGalleryAsync(gallery, cancellationToken);
            return TypedResults.NoContent();
        });
    }

    private static async Task<IResult> CreateAsync(string gallery, IFaceStore store, CancellationToken cancellationToken)
    {
        if (gallery == GalleryNames.Default || !await store.CreateGalleryAsync(gallery, cancellationToken))
            throw new ApiException(new ApiError(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"The gallery {gallery} exists already."));
        return TypedResults.Json(new CreatedGallery(gallery), statusCode: StatusCodes.Status201Created);
    }
}

public sealed record GalleryList(IReadOnlyList<string> Results);

public sealed record CreatedGallery(string Name);
