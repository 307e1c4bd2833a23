using MassTransit;

namespace Gateway.Features.Face;

/// <summary>Endpoint settings of captured faces: the shared <c>CaptureFace</c> queue, on which every gateway competes.</summary>
public sealed class CaptureFaceConsumerDefinition : ConsumerDefinition<CaptureFaceConsumer>
{
    public CaptureFaceConsumerDefinition()
    {
        // Each face waits on its saga: a few at a time keep this gateway's stages busy and leave a burst's rest in the queue
        // for the other gateways.
        ConcurrentMessageLimit = 2 * Environment.ProcessorCount;
    }
}
