using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Workers.Index.Consumers;
using Workers.Index.Exact;
using Workers.Index.Warmup;

namespace Workers.Index;

/// <summary>Registers the index stage: its consumers on a bus, whatever its transport, and the exact in-process index.</summary>
public static class IndexRegistration
{
    public static void AddIndexConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<IndexFacensConsumer, IndexFacensConsumerDefinition>();
        bus.AddConsumer<RemoveFacensConsumer, RemoveFacensConsumerDefinition>();
        bus.AddConsumer<SetFacenGalleriesConsumer, SetFacenGalleriesConsumerDefinition>();
        bus.AddConsumer<DropGalleryConsumer, DropGalleryConsumerDefinition>();
        bus.AddConsumer<SearchFacensConsumer, SearchFacensConsumerDefinition>();
        bus.AddConsumer<CompareFacensConsumer, CompareFacensConsumerDefinition>();
    }

    /// <summary>The exact index, filled at start from the <see cref="IFacenSource"/> registered, if any.</summary>
    public static IServiceCollection AddFaceIndex(this IServiceCollection services)
    {
        services.AddSingleton<IFaceIndex, ExactFaceIndex>();
        services.AddSingleton<IndexWarmup>();
        services.AddHostedService(provider => provider.GetRequiredService<IndexWarmup>());
        return services;
    }
}
