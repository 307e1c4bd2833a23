using MassTransit;

namespace Gateway.Sagas;

/// <summary>Endpoint settings of the photo saga: this gateway's own temporary queue (<see cref="PhotoSagaEndpoint"/>), with its
/// stages' timeouts scheduled in this process (<see cref="StageTimeouts"/>).</summary>
public sealed class PhotoStateDefinition : SagaDefinition<PhotoState>
{
    public PhotoStateDefinition(PhotoSagaEndpoint endpoint)
    {
        Endpoint(e =>
        {
            e.Name = endpoint.Name;
            e.Temporary = true;
        });
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<PhotoState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Only what is sent here belongs here: no bindings to the message types' exchanges, or published answers and jobs
        // would reach every gateway.
        endpointConfigurator.ConfigureConsumeTopology = false;
        context.GetRequiredService<PhotoSagaEndpoint>().Address = endpointConfigurator.InputAddress;
        endpointConfigurator.UseFilter(new StageTimeouts.Filter(context.GetRequiredService<StageTimeouts>()));
    }
}
