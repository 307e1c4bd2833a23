using Hosting;
using Microsoft.Extensions.Hosting;

namespace Workers.Index;

/// <summary>The index stage as a cluster process. Run exactly one: each replica would hold its own exact index, and replicas competing on the queues would each see only part of the writes (Redis shards lift this).</summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var bus = BusOptions.Read(builder.Configuration, BusTransport.RabbitMq);
        builder.Services.AddFaceIndex();
        builder.Services.AddPipelineBus(bus, stages => stages.AddIndexConsumers());
        await builder.Build().RunAsync();
    }
}
