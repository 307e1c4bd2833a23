using Hosting;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Vision.ClaimCheck;

namespace Vision;

/// <summary>A face-engine stage (detect or embed) as a cluster process: the models, the shared claim folder and the bus with
/// the stage's consumers; replicas compete on the stage's queue.</summary>
public static class VisionWorker
{
    public static async Task RunAsync(string[] args, Action<IBusRegistrationConfigurator> stage)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var bus = BusOptions.Read(builder.Configuration, BusTransport.RabbitMq);
        builder.Services.AddVision(builder.Configuration);
        builder.Services.AddClaimCheck(bus, builder.Configuration);
        builder.Services.AddPipelineBus(bus, stage);
        await builder.Build().RunAsync();
    }
}
