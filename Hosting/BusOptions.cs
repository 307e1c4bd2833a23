namespace Hosting;

/// <summary>The RabbitMQ broker of a cluster (section "Bus"); <see cref="Deployment"/> decides whether there is one.</summary>
public sealed class BusOptions
{
    public const string Section = "Bus";

    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Connect to RabbitMQ over TLS (MassTransit's UseSsl; the broker's TLS listener, 5671 by convention, in
    /// <see cref="Port"/>); the broker's certificate must be trusted by this machine and name <see cref="Host"/>.</summary>
    public bool UseSsl { get; set; }
}
