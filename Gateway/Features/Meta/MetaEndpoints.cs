using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Features.Meta;

/// <summary><c>GET /meta</c> and <c>GET /meta/gallery/&lt;gallery&gt;</c> (spec 9.2.11): each meta string with its count and first face.</summary>
public static class MetaEndpoints
{
    private const string Description = "Spec 9.2.11. Each meta string with its number of faces and its newest face; paginated by that face's id.";

    public static void MapMeta(this IEndpointRouteBuilder api)
    {
        api.MapGet("/meta", (PageRequest page, HttpRequest http, IFaceStore store, UploadStore uploads, CancellationToken cancellationToken) =>
                ListAsync(null, page, http, store, uploads, cancellationToken))
            .WithSummary("List the meta strings")
            .WithDescription(Description);
        api.MapGet("/meta/gallery/{gallery}", (string gallery, PageRequest page, HttpRequest http, IFaceStore store, UploadStore uploads,
                CancellationToken cancellationToken) => ListAsync(gallery, page, http, store, uploads, cancellationToken))
            .WithSummary("List a gallery's meta strings")
            .WithDescription(Description);
    }

    private static Task<Ok<Page<MetaView>>> ListAsync(string? gallery, PageRequest page, HttpRequest http, IFaceStore store,
        UploadStore uploads, CancellationToken cancellationToken) =>
        Paging.ListAsync(http, store, page, gallery, (scope, asked) => store.ListMetaAsync(scope, asked, cancellationToken),
            meta => meta.Face.Id,
            meta => new MetaView(meta.Count, FaceObject.From(meta.Face, ApiVersionMetadata.Of(http.HttpContext), uploads, http), meta.Meta),
            cancellationToken);
}

public sealed record MetaView(int Count, FaceObject Face, string Meta);
