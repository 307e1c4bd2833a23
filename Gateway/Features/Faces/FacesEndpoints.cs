using Gateway.Http;
using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Faces;

/// <summary><c>GET /faces</c> and <c>GET /faces/gallery/&lt;gallery&gt;</c> (spec 9.2.9, 9.2.10): every face, newest first, in pages.</summary>
public static class FacesEndpoints
{
    public static void MapFaces(this IEndpointRouteBuilder api, ApiVersion version)
    {
        api.MapGet("/faces", (HttpRequest http, IFaceStore store, UploadStore uploads, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            ListAsync(null, http, version, store, uploads, options.Value, cancellationToken));
        api.MapGet("/faces/gallery/{gallery}", (string gallery, HttpRequest http, IFaceStore store, UploadStore uploads,
                IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            ListAsync(gallery, http, version, store, uploads, options.Value, cancellationToken));
    }

    private static Task<IResult> ListAsync(string? gallery, HttpRequest http, ApiVersion version, IFaceStore store,
        UploadStore uploads, FacenapiOptions options, CancellationToken cancellationToken) =>
        Paging.ListAsync(http, store, options, gallery, (scope, page) => store.ListAsync(scope, null, page, cancellationToken),
            face => face.Id, face => FaceObject.From(face, version, uploads, http), cancellationToken);
}
