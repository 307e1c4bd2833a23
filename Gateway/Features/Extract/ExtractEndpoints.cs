using FluentValidation;
using Gateway.Errors;
using Gateway.Limits;
using Microsoft.AspNetCore.Http.Json;
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
    public static void MapExtract(this IEndpointRouteBuilder api) => api.MapPost("/extract", ExtractAsync).RequireImageCallLimit();

    /// <summary>
    /// Maps <c>POST /</c> for requests that arrive on an Extraction:Urls port, so that clients of
    /// findface-extraction-api work unchanged; it requires a token as the rest of the API does.
    /// </summary>
    public static void MapExtractionListeners(this IEndpointRouteBuilder app)
    {
        var ports = app.ServiceProvider.GetRequiredService<IOptions<ExtractionOptions>>().Value.ListenerUrls
            .Select(url => $"*:{BindingAddress.Parse(url).Port}")
            .ToArray();
        if (ports.Length > 0)
            app.MapPost("/", ExtractAsync).RequireHost(ports).RequireAuthorization().RequireImageCallLimit();
    }

    private static async Task<IResult> ExtractAsync(
        HttpRequest request,
        IValidator<ExtractRequest> validator,
        ExtractionPipeline pipeline,
        IOptions<ExtractionOptions> options,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await ExtractBodyReader.ReadAsync(request, options.Value, json.Value.SerializerOptions, cancellationToken);
        await validator.ValidateOrThrowAsync(body.Request, cancellationToken);

        var jobs = body.Request.Requests!.Select((image, index) => ExtractionJob.From(image!, index, body, options.Value)).ToList();
        return TypedResults.Ok(await pipeline.RunAsync(jobs, cancellationToken));
    }
}
