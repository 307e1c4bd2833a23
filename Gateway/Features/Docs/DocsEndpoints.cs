using System.Text.Json;
using Gateway.Errors;
using Gateway.Features.Extract;
using Gateway.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Docs;

/// <summary>
/// <c>GET /docs</c>, <c>GET /docs/&lt;version&gt;</c> (spec 9.2.15, 9.2.16) and the page <c>/docs/&lt;version&gt;/overview.html</c>
/// (spec 9.1.6), under every version and without a token.
/// </summary>
public static class DocsEndpoints
{
    public static IServiceCollection AddDocs(this IServiceCollection services) => services.AddSingleton<ApiDocuments>();

    public static void MapDocs(this IEndpointRouteBuilder docs)
    {
        docs.MapGet("/docs", (HttpRequest http) =>
        {
            var here = $"{http.PathBase}{http.Path.Value!.TrimEnd('/')}";
            var versions = Enum.GetValues<ApiVersion>().Select(version => version.PathSegment()).ToList();
            return TypedResults.Ok(new DocsIndex(versions,
                versions.Select(version => new DocsLink(version, $"{here}/{version}", $"{here}/{version}/overview.html")).ToList()));
        });
        docs.MapGet("/docs/{version}", (string version, ApiDocuments documents) =>
            TypedResults.Text(documents.Get(Find(version)).Json, "application/json; charset=utf-8"));
        docs.MapGet("/docs/{version}/overview.html", (string version, ApiDocuments documents) =>
            TypedResults.Text(documents.Get(Find(version)).Html, "text/html; charset=utf-8"));
    }

    private static ApiVersion Find(string version) => ApiVersionNames.FromPathSegment(version)
        ?? throw new ApiException(ApiError.NotFound($"There is no API version {version}; GET /docs lists them."));
}

/// <summary>The documents of every version, written once at start from the configured limits.</summary>
public sealed class ApiDocuments(IOptions<FacenapiOptions> facenapi, IOptions<ExtractionOptions> extraction)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Lazy<IReadOnlyDictionary<ApiVersion, RenderedDocument>> _documents = new(() => Enum.GetValues<ApiVersion>().ToDictionary(
        version => version,
        version =>
        {
            var document = ApiDocument.For(version, facenapi.Value, extraction.Value);
            return new RenderedDocument(document.ToJsonString(Indented), DocsPage.Render(document));
        }));

    public RenderedDocument Get(ApiVersion version) => _documents.Value[version];
}

public sealed record RenderedDocument(string Json, string Html);

public sealed record DocsIndex(IReadOnlyList<string> Versions, IReadOnlyList<DocsLink> Links);

public sealed record DocsLink(string Version, string Openapi, string Overview);
