using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of RemoveFacens: one message at a time, since index writes take the index alone anyway.</summary>
public sealed class RemoveFacensConsumerDefinition : ConsumerDefinition<RemoveFacensConsumer>
{
    public RemoveFacensConsumerDefinition()
    {
        // No retry either: a write fails only on bad input, which a second try would not mend.
        ConcurrentMessageLimit = 1;
    }
}
