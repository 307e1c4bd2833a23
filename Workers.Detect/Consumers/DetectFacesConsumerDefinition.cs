using ClaimCheck;
using MassTransit;

namespace Workers.Detect.Consumers;

/// <summary>Endpoint settings of the detect stage.</summary>
public sealed class DetectFacesConsumerDefinition : ConsumerDefinition<DetectFacesConsumer>
{
    public DetectFacesConsumerDefinition()
    {
        // Several images in flight let the model queue batch their tiles and faces together.
        ConcurrentMessageLimit = 2 * Environment.ProcessorCount;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<DetectFacesConsumer> consumer, IRegistrationContext context)
    {
        // A bad image is answered, not thrown; what does throw (a lost claim, a model failure) is worth one more try, and a claim
        // still missing after it belongs to a call given up.
        endpoint.UseConsumeFilter(typeof(AbandonedClaimFilter<>), context);
        endpoint.UseMessageRetry(r => r.Immediate(1));
    }
}
