using TestSupport.Cluster;

namespace Cluster.Tests.Support;

/// <summary>A fact that needs RabbitMQ: skipped, with the reason, where scripts/rabbitmq.sh cannot start it.</summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute()
    {
        if (Broker.Unavailable is { } reason)
            Skip = reason;
    }
}
