using MassTransit;

namespace Gateway.Storage.Consumers;

/// <summary>Endpoint settings of the persist stage.</summary>
public sealed class PersistFacesConsumerDefinition : ConsumerDefinition<PersistFacesConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<PersistFacesConsumer> consumer, IRegistrationContext context)
    {
        // SQLite may be busy for a moment under concurrent writers; a retry is cheap and the insert is all or nothing.
        endpoint.UseMessageRetry(r => r.Intervals(50, 200));
    }
}
