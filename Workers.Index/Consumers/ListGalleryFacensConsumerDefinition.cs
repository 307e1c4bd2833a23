using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of direct listings: reads that may go through a whole gallery, a few at a time.</summary>
public sealed class ListGalleryFacensConsumerDefinition : ConsumerDefinition<ListGalleryFacensConsumer>
{
    public ListGalleryFacensConsumerDefinition()
    {
        // No retry: a read fails only on bad input or a shard that is down, which the caller hears of at once.
        ConcurrentMessageLimit = Environment.ProcessorCount;
    }
}
