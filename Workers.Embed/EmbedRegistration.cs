using MassTransit;
using Workers.Embed.Consumers;

namespace Workers.Embed;

/// <summary>Registers the embed stage's consumers on a bus, whatever its transport.</summary>
public static class EmbedRegistration
{
    public static void AddEmbedConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ExtractFacensConsumer, ExtractFacensConsumerDefinition>();
}
