namespace Hosting;

/// <summary>How the pipeline's stages reach each other.</summary>
public enum BusTransport
{
    /// <summary>Standalone: every stage in one process, over MassTransit's in-memory transport.</summary>
    InMemory,

    /// <summary>Cluster: stages in separate processes, any number of replicas competing on RabbitMQ queues.</summary>
    RabbitMq,
}
