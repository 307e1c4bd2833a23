using Hosting;
using Microsoft.Extensions.Hosting;

namespace Workers.Index;

/// <summary>The index stage as a cluster process: with Index:Shards (Redis) any number of replicas share the shards; without,
/// run exactly one, as each replica would hold its own exact index and see only part of the writes.</summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var bus = BusOptions.Read(builder.Configuration, BusTransport.RabbitMq);
        builder.Services.AddFaceIndex(builder.Configuration);
        builder.Services.AddPipelineBus(bus, stages => stages.AddIndexConsumers());
        await builder.Build().RunAsync();
    }
}
