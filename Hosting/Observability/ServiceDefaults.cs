using System.Text.Json;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hosting.Observability;

/// <summary>
/// What every process of the pipeline shows an operator, added by one call (as eShop's ServiceDefaults): health checks
/// (<c>/health/live</c>: the process answers; <c>/health/ready</c>: bus, store, shards and models), metrics on a Prometheus
/// endpoint (<c>/metrics</c>), and traces across processes over the bus, exported by OTLP only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (unset, no span is even recorded).
/// </summary>
public static class ServiceDefaults
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";

    // The tag of the one check /health/live runs; /health/ready runs every check (as eShop's /health), so that a library
    // adds a check without knowing our tags (the face engine its models, MassTransit its bus).
    private const string Live = "live";

    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Logging.SayFailedStartOnce();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [Live]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(InstrumentationOptions.MeterName, PipelineMetrics.MeterName, PipelineMetrics.LibraryPattern)
                // A scrape answers what is counted now: the exporter's default keeps an answer for 300 ms.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(asp => asp.Filter = context => !IsOwnEndpoint(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddSource(DiagnosticHeaders.DefaultListenerName, PipelineMetrics.LibraryPattern))
                .UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>A worker serves its health and metrics where <c>urls</c> says (compose: <c>http://0.0.0.0:8080</c>); unset, on a
    /// free loopback port, so that replicas on one machine do not collide.</summary>
    public static WebApplicationBuilder UseWorkerUrls(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:0");
        return builder;
    }

    /// <summary>Maps the health and metrics endpoints; they need no token (a health check or Prometheus has none) and
    /// tell nothing about faces.</summary>
    public static WebApplication MapServiceEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(Live) }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            ResponseWriter = WriteReportAsync,
        }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return app;
    }

    private static bool IsOwnEndpoint(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    // Which check failed and why, so that an operator does not have to read the logs to know what is not ready.
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
            {
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                ms = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
