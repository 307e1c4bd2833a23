using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of comparisons.</summary>
public sealed class CompareFacensConsumerDefinition : ConsumerDefinition<CompareFacensConsumer>
{
    public CompareFacensConsumerDefinition()
    {
        // A comparison is a few dot products; nothing is gained by more than one per core.
        ConcurrentMessageLimit = Environment.ProcessorCount;
    }
}
