using Hosting;
using Hosting.Observability;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Vision.ClaimCheck;

namespace Vision;

/// <summary>A face-engine stage (detect or embed) as a cluster process: the models, the shared claim folder, the bus with
/// the stage's consumers, and health and metrics endpoints; replicas compete on the stage's queue.</summary>
public static class VisionWorker
{
    /// <summary>The settings a face-engine worker reads beyond those of every process, for its help.</summary>
    public const string Settings =
        "  Storage:ClaimsDir   the folder shared with the gateways where images wait between stages (required)\n" +
        "  Models:Dir, Models:Threads, Models:MaxBatch, Models:Facen, Models:FlipAverage   the models and how they run\n" +
        "  Nnd:MinFaceSize, Nnd:MinScore, Nnd:MaxFaces, Images:MaxBytes, Images:MaxPixels   detection and decoding limits\n" +
        "  urls   where /health/live, /health/ready and /metrics are served (default: a free loopback port)";

    /// <param name="description">What the stage does, the first line of its help.</param>
    public static Task<int> RunAsync(string[] args, PipelineProcess process, string description, Action<IBusRegistrationConfigurator> stage)
    {
        if (ProgramStart.Help(args, $"{description}\nSettings (--Key=Value, or environment Key__Sub=Value):\n{ProgramStart.CommonSettings}\n{Settings}") is { } helped)
            return Task.FromResult(helped);
        return ProgramStart.RunAsync(() =>
        {
            var builder = WebApplication.CreateBuilder(args);
            var deployment = Deployment.Read(builder.Configuration, process);
            builder.UseWorkerUrls().AddServiceDefaults();
            builder.Services.AddVision(builder.Configuration);
            builder.Services.AddClaimCheck(deployment, builder.Configuration);
            builder.Services.AddPipelineBus(deployment, stage);
            var app = builder.Build();
            app.MapServiceEndpoints();
            return app;
        });
    }
}
