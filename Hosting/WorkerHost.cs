using Hosting.Observability;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hosting;

/// <summary>A pipeline stage as a cluster process: its services, the bus with the stage's consumers, and the health and metrics
/// endpoints; replicas compete on the stage's queues.</summary>
public static class WorkerHost
{
    private const string Urls = "  urls   where /health/live, /health/ready and /metrics are served (default: a free loopback port)";

    /// <param name="description">What the stage does, the first lines of its help.</param>
    /// <param name="settings">The settings the stage reads beyond those of every process, one per line, for its help.</param>
    /// <param name="services">Adds what the stage's consumers need, before the bus starts.</param>
    /// <param name="stage">Adds the stage's consumers to the bus.</param>
    public static Task<int> RunAsync(string[] args, PipelineProcess process, string description, string settings,
        Action<IServiceCollection, Deployment, IConfiguration> services, Action<IBusRegistrationConfigurator> stage)
    {
        var help = $"{description}\nSettings (--Key=Value, or environment Key__Sub=Value):\n{ProgramStart.CommonSettings}\n{settings}\n{Urls}";
        if (ProgramStart.Help(args, help) is { } helped)
            return Task.FromResult(helped);
        return ProgramStart.RunAsync(() =>
        {
            var builder = WebApplication.CreateBuilder(args);
            var deployment = Deployment.Read(builder.Configuration, process);
            builder.UseWorkerUrls().AddServiceDefaults();
            services(builder.Services, deployment, builder.Configuration);
            builder.Services.AddPipelineBus(deployment, stage);
            var app = builder.Build();
            app.MapServiceEndpoints();
            return app;
        });
    }
}
