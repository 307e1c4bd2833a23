using Gateway.Auth;
using Gateway.Errors;
using Gateway.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Extract;

/// <summary>The Extraction API (spec 8.4): <c>POST /v1/extract</c>, and <c>POST /</c> on the Extraction:Urls listeners.</summary>
public static class ExtractEndpoints
{
    public static IServiceCollection AddExtract(this IServiceCollection services)
    {
        services.AddOptions<ExtractionOptions>().BindConfiguration(ExtractionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ExtractionPipeline>();
        return services;
    }

    /// <summary>Maps <c>POST extract</c> on the versioned API group, which requires a token.</summary>
    public static void MapExtract(this IEndpointRouteBuilder api) => api.MapPost("/extract", ExtractAsync)
        .WithSummary("Extract faces, facens and attributes from images")
        .WithDescription("Spec 8.4. JSON alone, or multipart whose `" + ExtractBodyReader.RequestPart + "` part holds the JSON and whose " +
                         "other parts hold images named `multipart:<part>` in the requests. Each image request is answered in its place.")
        .Accepts<ExtractRequest>("application/json", "multipart/form-data")
        .RequireImageCallLimit();

    /// <summary>
    /// Serves <c>POST /</c>, and nothing else, on the ports of the Extraction:Urls listeners, so that clients of
    /// findface-extraction-api work unchanged: the port a request came in on decides (a Host header is the client's to say).
    /// It requires an api token unless Extraction:RequireToken is false, FindFace's token-less extraction API.
    /// </summary>
    /// <remarks>Called before authentication, so that on a listener's port every other request is 404 whatever its token.</remarks>
    public static void UseExtractionListeners(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ExtractionOptions>>().Value;
        var ports = options.ListenerUrls.Select(url => BindingAddress.Parse(url).Port).ToHashSet();
        if (ports.Count == 0)
            return;
        app.Use((http, next) =>
        {
            var onListener = ports.Contains(http.Connection.LocalPort);
            var isExtraction = HttpMethods.IsPost(http.Request.Method) && http.Request.Path == "/";
            return onListener == isExtraction
                ? next(http)
                : ApiError.NotFound(onListener
                    ? "The extraction listener serves POST / only; the rest of the API is on its own port."
                    : "POST / is the extraction listener's (Extraction:Urls); here it is POST /v1/extract.").WriteAsync(http);
        });
        var extract = app.MapPost("/", ExtractAsync).RequireImageCallLimit().ValidateRequests();
        if (options.RequireToken)
            extract.RequireAuthorization(TokenScopes.ApiPolicy);
    }

    private static async Task<Ok<ExtractResponse>> ExtractAsync(ExtractRequest request, ExtractionPipeline pipeline, IOptions<ExtractionOptions> options,
        CancellationToken cancellationToken)
    {
        var jobs = request.Requests!.Select((image, index) => ExtractionJob.From(image!, index, request, options.Value)).ToList();
        return TypedResults.Ok(await pipeline.RunAsync(jobs, cancellationToken));
    }
}
