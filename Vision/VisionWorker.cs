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
    public static async Task RunAsync(string[] args, Action<IBusRegistrationConfigurator> stage)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseWorkerUrls().AddServiceDefaults();
        var bus = BusOptions.Read(builder.Configuration, BusTransport.RabbitMq);
        builder.Services.AddVision(builder.Configuration);
        builder.Services.AddClaimCheck(bus, builder.Configuration);
        builder.Services.AddPipelineBus(bus, stage);
        var app = builder.Build();
        app.MapServiceEndpoints();
        await app.RunAsync();
    }
}
