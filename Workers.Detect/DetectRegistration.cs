using MassTransit;
using Workers.Detect.Consumers;

namespace Workers.Detect;

/// <summary>Registers the detect stage's consumers on a bus, whatever its transport.</summary>
public static class DetectRegistration
{
    public static void AddDetectConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<DetectFacesConsumer, DetectFacesConsumerDefinition>();
}
