using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Endpoint settings of searches.</summary>
public sealed class SearchFacensConsumerDefinition : ConsumerDefinition<SearchFacensConsumer>
{
    public SearchFacensConsumerDefinition()
    {
        // A large search already uses every core; a few more in flight keep the cores busy between merges and small
        // gallery searches, and queue the rest rather than blocking pool threads on the index lock. No retry: a search
        // fails only on bad input.
        ConcurrentMessageLimit = 2 * Environment.ProcessorCount;
    }
}
