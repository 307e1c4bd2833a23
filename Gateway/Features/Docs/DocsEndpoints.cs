using Gateway.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Gateway.Features.Docs;

/// <summary>
/// <c>GET /docs</c>, <c>GET /docs/&lt;version&gt;</c> (spec 9.2.15, 9.2.16) and the page <c>/docs/&lt;version&gt;/overview.html</c>
/// (spec 9.1.6), under every version and without a token. The documents are generated from the endpoints (Microsoft.AspNetCore.OpenApi,
/// with <see cref="FindFaceDocument"/> for what the generator cannot see); the page is Scalar's, its script served by the gateway.
/// </summary>
public static class DocsEndpoints
{
    /// <summary>Where Scalar's page and its script are served, outside the versions' paths.</summary>
    private const string PagePrefix = "/scalar";

    public static IServiceCollection AddDocs(this IServiceCollection services)
    {
        foreach (var version in Enum.GetValues<ApiVersion>())
        {
            services.AddOpenApi(version.PathSegment(), options =>
            {
                options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
                options.ShouldInclude = description =>
                    description.ActionDescriptor.EndpointMetadata.OfType<ApiVersionMetadata>().LastOrDefault()?.Version == version;
                options.CreateSchemaReferenceId = FindFaceDocument.SchemaName;
                options.AddSchemaTransformer<FindFaceDocument>();
                options.AddOperationTransformer<FindFaceDocument>();
                options.AddDocumentTransformer<FindFaceDocument>();
            });
        }
        return services;
    }

    public static void MapDocs(this IEndpointRouteBuilder docs)
    {
        docs.MapGet("/docs", (HttpRequest http) =>
            {
                var here = $"{http.PathBase}{http.Path.Value!.TrimEnd('/')}";
                var versions = Enum.GetValues<ApiVersion>().Select(version => version.PathSegment()).ToList();
                return TypedResults.Ok(new DocsIndex(versions,
                    versions.Select(version => new DocsLink(version, $"{here}/{version}", $"{here}/{version}/overview.html")).ToList()));
            })
            .WithSummary("List the documented versions").WithDescription("Spec 9.2.15.");
        docs.MapGet("/docs/{version}", DocumentAsync)
            .WithSummary("This OpenAPI document for a version").WithDescription("Spec 9.2.16. Generated from the server's endpoints.");
        docs.MapGet("/docs/{version}/overview.html", (string version, HttpRequest http) =>
                TypedResults.Redirect($"{http.PathBase}{PagePrefix}/{Find(version).PathSegment()}"))
            .WithSummary("This document as a web page")
            .WithDescription("Spec 9.1.6. Redirects to the API reference page (Scalar), which loads nothing from another host.");
    }

    /// <summary>Scalar's page over every version's document, with its script, served by the gateway; it asks no other host for
    /// anything (no fonts, telemetry, assistant or MCP).</summary>
    public static void MapDocsPage(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(PagePrefix, options => options
            .WithTitle("Facepipe FindFace API {documentName}")
            .WithOpenApiRoutePattern($"/{ApiVersion.V1.PathSegment()}/docs/{{documentName}}")
            .AddDocuments(Enum.GetValues<ApiVersion>().Select(version => version.PathSegment()).Reverse())
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());

    private static async Task<ContentHttpResult> DocumentAsync(string version, IServiceProvider services, CancellationToken cancellationToken)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(Find(version).PathSegment());
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        return TypedResults.Text(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken),
            "application/json; charset=utf-8");
    }

    private static ApiVersion Find(string version) => ApiVersionNames.FromPathSegment(version)
        ?? throw new ApiException(ApiError.NotFound($"There is no API version {version}; GET /docs lists them."));
}

public sealed record DocsIndex(IReadOnlyList<string> Versions, IReadOnlyList<DocsLink> Links);

public sealed record DocsLink(string Version, string Openapi, string Overview);
