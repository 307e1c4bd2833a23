using ClaimCheck;
using MassTransit;

namespace Workers.Embed.Consumers;

/// <summary>Endpoint settings of the embed stage.</summary>
public sealed class ExtractFacensConsumerDefinition : ConsumerDefinition<ExtractFacensConsumer>
{
    public ExtractFacensConsumerDefinition()
    {
        // Faces of concurrent messages meet in the model queues and run as one batch.
        ConcurrentMessageLimit = 2 * Environment.ProcessorCount;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ExtractFacensConsumer> consumer, IRegistrationContext context)
    {
        endpoint.UseConsumeFilter(typeof(AbandonedClaimFilter<>), context);
        endpoint.UseMessageRetry(r => r.Immediate(1));
    }
}
