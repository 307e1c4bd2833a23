using Hosting;
using Hosting.Observability;
using Microsoft.AspNetCore.Builder;

namespace Workers.Index;

/// <summary>The index stage as a cluster process: with Index:Shards (Redis) any number of replicas share the shards; without,
/// run exactly one, as each replica would hold its own exact index and see only part of the writes.</summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseWorkerUrls().AddServiceDefaults();
        var bus = BusOptions.Read(builder.Configuration, BusTransport.RabbitMq);
        builder.Services.AddFaceIndex(builder.Configuration);
        builder.Services.AddPipelineBus(bus, stages => stages.AddIndexConsumers());
        var app = builder.Build();
        app.MapServiceEndpoints();
        await app.RunAsync();
    }
}
