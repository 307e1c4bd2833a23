using MassTransit;

namespace Gateway.Sagas;

/// <summary>Registers the photo saga on this gateway's own endpoint, whatever the transport.</summary>
public static class PhotoSagaRegistration
{
    public static void AddPhotoSaga(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<PhotoSagaEndpoint>();
        bus.AddSingleton<StageTimeouts>();
        bus.AddSingleton<BusAvailability>();
        bus.AddHostedService(services => services.GetRequiredService<BusAvailability>());
        bus.AddSagaStateMachine<PhotoStateMachine, PhotoState, PhotoStateDefinition>().InMemoryRepository();
    }
}
