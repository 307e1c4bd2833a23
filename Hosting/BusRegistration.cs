using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>
/// The bus of every process, as its <see cref="Deployment"/> says: the gateway and every worker register their stages here,
/// so the same consumers, sagas and definitions run standalone (in memory) and in a cluster (RabbitMQ).
/// </summary>
public static class BusRegistration
{
    /// <summary>How long a stopping endpoint waits for its messages in hand before it cancels them.</summary>
    private static readonly TimeSpan ConsumerStopTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a stopping endpoint (or bus) waits at most.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(6);

    /// <param name="stages">Adds the consumers and sagas this process hosts.</param>
    public static IServiceCollection AddPipelineBus(this IServiceCollection services, Deployment deployment,
        Action<IBusRegistrationConfigurator> stages)
    {
        services.AddSingleton(deployment);
        var options = deployment.Bus;
        // An endpoint whose channel closes (the broker went away) stops, and MassTransit 8.5.12 waits for its messages in hand
        // without limit unless these are set. A handler that sends after the channel closed waits for a new one, which that
        // endpoint only opens once it has stopped: the photo saga's endpoint was left deaf so (BrokerRestart_Specs, twice).
        // Its messages' ConsumeContext.CancellationToken is cancelled after ConsumerStopTimeout, and the stop ends after
        // StopTimeout whatever they do; a graceful shutdown is bounded the same way, under compose's 10 s.
        services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.ConsumerStopTimeout = ConsumerStopTimeout;
            host.StopTimeout = StopTimeout;
        });
        services.AddHealthChecks();
        services.AddHostedService<BusHealthLog>();
        services.AddSingleton<ReplyPath>();
        if (!deployment.IsStandalone)
        {
            services.AddHostedService<ReplyPathWatchdog>();
            services.AddHealthChecks().AddCheck<ReplyPath>("reply path");
        }
        // The health service logs every unhealthy check as an error; BusHealthLog reports changes instead.
        services.AddLogging(logging => logging.AddFilter(typeof(HealthCheckService).Namespace, LogLevel.None));
        services.AddMassTransit(bus =>
        {
            // A self-hosted server does not report to the library's vendor (and here it cannot reach it).
            bus.DisableUsageTelemetry();
            stages(bus);
            if (!deployment.IsStandalone)
            {
                // Retries are immediate (the definitions' UseMessageRetry), what still fails goes to the endpoint's _error
                // queue: Debian's RabbitMQ has no delayed-message exchange to schedule them. The photo saga schedules its
                // stage timeouts in the gateway's own process, in both deployments.
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(options.Host, options.Port, options.VirtualHost, host =>
                    {
                        host.Username(options.Username);
                        host.Password(options.Password);
                        if (options.UseSsl)
                            host.UseSsl(ssl => ssl.ServerName = options.Host);
                    });
                    // Back on the queues within about 2 s of the broker, not MassTransit's 3 to 30 s.
                    rabbit.ReconnectEverySecondOrTwo();
                    rabbit.ConfigureJsonSerializerOptions(WithFloatArrays);
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) =>
                {
                    memory.ConfigureJsonSerializerOptions(WithFloatArrays);
                    memory.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    private static JsonSerializerOptions WithFloatArrays(JsonSerializerOptions options)
    {
        options.Converters.Add(new FloatArrayJsonConverter());
        return options;
    }
}
