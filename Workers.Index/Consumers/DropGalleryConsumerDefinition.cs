using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of DropGallery: one message at a time, since index writes take the index alone anyway.</summary>
public sealed class DropGalleryConsumerDefinition : ConsumerDefinition<DropGalleryConsumer>
{
    public DropGalleryConsumerDefinition()
    {
        // No retry either: a write fails only on bad input, which a second try would not mend.
        ConcurrentMessageLimit = 1;
    }
}
