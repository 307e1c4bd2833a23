using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of shard statistics: reads that wait on the shards, a few at a time.</summary>
public sealed class GetIndexStatsConsumerDefinition : ConsumerDefinition<GetIndexStatsConsumer>
{
    public GetIndexStatsConsumerDefinition()
    {
        // No retry: a shard that does not answer is reported down, not retried.
        ConcurrentMessageLimit = Environment.ProcessorCount;
    }
}
