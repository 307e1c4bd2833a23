using Workers.Index;
using Gateway.Errors;
using Gateway.Index;
using Gateway.Storage;

namespace Gateway.Features.Galleries;

/// <summary><c>GET /galleries</c>, <c>POST</c> and <c>DELETE /galleries/&lt;gallery&gt;</c> (spec 9.2.12-9.2.14, 9.3).</summary>
public static class GalleriesEndpoints
{
    // Faces of a deleted gallery per index request.
    private const int SettledPerRequest = 1024;

    public static void MapGalleries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/galleries", async (IFaceStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(new GalleryList([GalleryNames.Default, .. await store.ListGalleriesAsync(cancellationToken)])));

        api.MapPost("/galleries/{gallery}", async (string gallery, IFaceStore store, CancellationToken cancellationToken) =>
        {
            GalleryRoutes.CheckName(gallery);
            if (gallery == GalleryNames.Default || !await store.CreateGalleryAsync(gallery, cancellationToken))
                throw new ApiException(new ApiError(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"The gallery {gallery} exists already."));
            return TypedResults.Json(new CreatedGallery(gallery), statusCode: StatusCodes.Status201Created);
        });

        api.MapDelete("/galleries/{gallery}", async (string gallery, IFaceStore store, FaceIndexClient index, PendingIndexChanges pending,
            CancellationToken cancellationToken) =>
        {
            GalleryRoutes.CheckName(gallery);
            if (gallery == GalleryNames.Default)
                throw new ApiException(ApiError.BadParam("gallery", gallery, "The default gallery cannot be deleted."));
            // The faces leave the store first, marked pending with the gallery's name until the index has let them go, so that
            // a retry after a 503 finishes the deletion instead of answering 404.
            var deleted = await store.DeleteGalleryAsync(gallery, cancellationToken) is not null;
            var settled = false;
            IReadOnlyList<PendingFace> faces;
            do
            {
                faces = await store.ListPendingAsync(DateTime.MaxValue, gallery, SettledPerRequest, cancellationToken);
                await pending.SettleAsync(faces, cancellationToken);
                settled |= faces.Count > 0;
            }
            while (faces.Count == SettledPerRequest);
            if (!deleted && !settled)
                throw new ApiException(ApiError.NotFound($"There is no gallery named {gallery}."));
            await index.DropGalleryAsync(gallery, cancellationToken);
            return TypedResults.NoContent();
        });
    }
}

public sealed record GalleryList(IReadOnlyList<string> Results);

public sealed record CreatedGallery(string Name);
