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

/// <summary>A theory that needs RabbitMQ, skipped as <see cref="RabbitMqFactAttribute"/> is.</summary>
public sealed class RabbitMqTheoryAttribute : TheoryAttribute
{
    public RabbitMqTheoryAttribute()
    {
        if (Broker.Unavailable is { } reason)
            Skip = reason;
    }
}
