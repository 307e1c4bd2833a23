using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of direct reads of one facen: cheap reads that share the index.</summary>
public sealed class GetGalleryFacenConsumerDefinition : ConsumerDefinition<GetGalleryFacenConsumer>
{
    public GetGalleryFacenConsumerDefinition()
    {
        // No retry: a read fails only on bad input or a shard that is down, which the caller hears of at once.
        ConcurrentMessageLimit = 2 * Environment.ProcessorCount;
    }
}
