using Workers.Index;
using Gateway.Errors;
using Gateway.Index;
using Gateway.Storage;

namespace Gateway.Features.Galleries;

/// <summary><c>GET /galleries</c>, <c>POST</c> and <c>DELETE /galleries/&lt;gallery&gt;</c> (spec 9.2.12-9.2.14, 9.3).</summary>
public static class GalleriesEndpoints
{
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

        api.MapDelete("/galleries/{gallery}", async (string gallery, IFaceStore store, FaceErasure erasure, FaceIndexClient index,
            CancellationToken cancellationToken) =>
        {
            GalleryRoutes.CheckName(gallery);
            if (gallery == GalleryNames.Default)
                throw new ApiException(ApiError.BadParam("gallery", gallery, "The default gallery cannot be deleted."));
            var deleted = await store.DeleteGalleryAsync(gallery, cancellationToken)
                          ?? throw new ApiException(ApiError.NotFound($"There is no gallery named {gallery}."));
            // Spec 9.2.14: the gallery's faces go with it, from every gallery, and so do their files.
            await erasure.EraseAsync(deleted, cancellationToken);
            await index.DropGalleryAsync(gallery, cancellationToken);
            return TypedResults.NoContent();
        });
    }
}

public sealed record GalleryList(IReadOnlyList<string> Results);

public sealed record CreatedGallery(string Name);
