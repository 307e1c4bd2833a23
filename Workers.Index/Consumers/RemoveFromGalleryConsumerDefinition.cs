using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of direct deletes: one message at a time, since index writes take the index alone anyway.</summary>
public sealed class RemoveFromGalleryConsumerDefinition : ConsumerDefinition<RemoveFromGalleryConsumer>
{
    public RemoveFromGalleryConsumerDefinition()
    {
        // No retry: a write fails only on bad input or a shard that is down, which the caller hears of at once.
        ConcurrentMessageLimit = 1;
    }
}
