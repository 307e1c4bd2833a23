using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Features.Faces;

/// <summary><c>GET /faces</c> and <c>GET /faces/gallery/&lt;gallery&gt;</c> (spec 9.2.9, 9.2.10): every face, newest first, in pages.</summary>
public static class FacesEndpoints
{
    public static void MapFaces(this IEndpointRouteBuilder api)
    {
        api.MapGet("/faces", (PageRequest page, HttpRequest http, IFaceStore store, UploadStore uploads, CancellationToken cancellationToken) =>
                ListAsync(null, page, http, store, uploads, cancellationToken))
            .WithSummary("List every face")
            .WithDescription("Spec 9.2.9. Newest first, paginated.");
        api.MapGet("/faces/gallery/{gallery}", (string gallery, PageRequest page, HttpRequest http, IFaceStore store, UploadStore uploads,
                CancellationToken cancellationToken) => ListAsync(gallery, page, http, store, uploads, cancellationToken))
            .WithSummary("List a gallery's faces")
            .WithDescription("Spec 9.2.10. Newest first, paginated; an unknown gallery is 404.");
    }

    private static Task<Ok<Page<FaceObject>>> ListAsync(string? gallery, PageRequest page, HttpRequest http, IFaceStore store,
        UploadStore uploads, CancellationToken cancellationToken) =>
        Paging.ListAsync(http, store, page, gallery, (scope, asked) => store.ListAsync(scope, null, asked, cancellationToken),
            face => face.Id, face => FaceObject.From(face, ApiVersionMetadata.Of(http.HttpContext), uploads, http), cancellationToken);
}
