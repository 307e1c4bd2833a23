using Hosting;
using Microsoft.Extensions.Hosting;
using Vision;
using Vision.ClaimCheck;

namespace Workers.Embed;

/// <summary>The embed stage as a cluster process: run any number of replicas, they compete on the extract-facens queue.</summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var bus = BusOptions.Read(builder.Configuration, BusTransport.RabbitMq);
        builder.Services.AddVision(builder.Configuration);
        builder.Services.AddClaimCheck(bus, builder.Configuration);
        builder.Services.AddPipelineBus(bus, stages => stages.AddEmbedConsumers());
        await builder.Build().RunAsync();
    }
}
