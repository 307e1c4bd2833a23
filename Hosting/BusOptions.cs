using Microsoft.Extensions.Configuration;

namespace Hosting;

/// <summary>The bus every process of the pipeline joins (section "Bus").</summary>
public sealed class BusOptions
{
    public const string Section = "Bus";

    /// <summary>Unset: the process's own default (the gateway is standalone, a worker process exists only in a cluster).</summary>
    public BusTransport? Transport { get; set; }

    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Connect to RabbitMQ over TLS (MassTransit's UseSsl; the broker's TLS listener, 5671 by convention, in
    /// <see cref="Port"/>); the broker's certificate must be trusted by this machine and name <see cref="Host"/>.</summary>
    public bool UseSsl { get; set; }

    /// <summary>Every stage runs in this process, so whatever they share may stay in memory.</summary>
    public bool IsStandalone => Transport == BusTransport.InMemory;

    /// <param name="defaultTransport">The transport when the configuration names none.</param>
    public static BusOptions Read(IConfiguration configuration, BusTransport defaultTransport)
    {
        var options = configuration.GetSection(Section).Get<BusOptions>() ?? new BusOptions();
        options.Transport ??= defaultTransport;
        return options;
    }
}
