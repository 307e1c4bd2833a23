using Gateway.Http;
using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Meta;

/// <summary><c>GET /meta</c> and <c>GET /meta/gallery/&lt;gallery&gt;</c> (spec 9.2.11): each meta string with its count and first face.</summary>
public static class MetaEndpoints
{
    public static void MapMeta(this IEndpointRouteBuilder api, ApiVersion version)
    {
        api.MapGet("/meta", (HttpRequest http, IFaceStore store, UploadStore uploads, IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            ListAsync(null, http, version, store, uploads, options.Value, cancellationToken));
        api.MapGet("/meta/gallery/{gallery}", (string gallery, HttpRequest http, IFaceStore store, UploadStore uploads,
                IOptions<FacenapiOptions> options, CancellationToken cancellationToken) =>
            ListAsync(gallery, http, version, store, uploads, options.Value, cancellationToken));
    }

    private static Task<IResult> ListAsync(string? gallery, HttpRequest http, ApiVersion version, IFaceStore store,
        UploadStore uploads, FacenapiOptions options, CancellationToken cancellationToken) =>
        Paging.ListAsync(http, store, options, gallery, (scope, page) => store.ListMetaAsync(scope, page, cancellationToken),
            meta => meta.Face.Id, meta => new MetaView(meta.Count, FaceObject.From(meta.Face, version, uploads, http), meta.Meta), cancellationToken);
}

public sealed record MetaView(int Count, FaceObject Face, string Meta);
