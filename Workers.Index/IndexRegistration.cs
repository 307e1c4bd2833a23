using Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workers.Index.Consumers;
using Workers.Index.Exact;
using Workers.Index.Health;
using Workers.Index.Redis;
using Workers.Index.Warmup;

namespace Workers.Index;

/// <summary>Registers the index stage: its consumers on a bus, whatever its transport, and the face index.</summary>
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
        bus.AddConsumer<GetIndexStatsConsumer, GetIndexStatsConsumerDefinition>();
        bus.AddConsumer<AddToGalleryConsumer, AddToGalleryConsumerDefinition>();
        bus.AddConsumer<GetGalleryFacenConsumer, GetGalleryFacenConsumerDefinition>();
        bus.AddConsumer<RemoveFromGalleryConsumer, RemoveFromGalleryConsumerDefinition>();
        bus.AddConsumer<ListGalleryFacensConsumer, ListGalleryFacensConsumerDefinition>();
    }

    /// <summary>The exact index, filled at start from the <see cref="IFacenSource"/> registered, if any.</summary>
    public static IServiceCollection AddFaceIndex(this IServiceCollection services)
    {
        services.AddSingleton<IFaceIndex>(provider => new ExactFaceIndex(
            provider.GetService<IOptions<ExactIndexOptions>>()?.Value.ExactDir, provider.GetService<ILogger<ExactFaceIndex>>()));
        return services.AddIndexWarmup();
    }

    /// <summary>The index the <see cref="Deployment"/> names: Redis vector-set shards (section "Index"), or the exact index.</summary>
    public static IServiceCollection AddFaceIndex(this IServiceCollection services, Deployment deployment, IConfiguration configuration)
    {
        var section = configuration.GetSection(RedisIndexOptions.Section);
        if (deployment.Index == FaceIndexKind.Exact)
            return services.Configure<ExactIndexOptions>(section).AddFaceIndex();
        services.Configure<RedisIndexOptions>(section);
        services.AddSingleton<RedisFaceIndex>();
        services.AddSingleton<IFaceIndex>(provider => provider.GetRequiredService<RedisFaceIndex>());
        services.AddSingleton<ShardCopies>();
        services.AddHostedService(provider => provider.GetRequiredService<ShardCopies>());
        return services.AddIndexWarmup();
    }

    private static IServiceCollection AddIndexWarmup(this IServiceCollection services)
    {
        services.AddSingleton<IndexWarmup>();
        services.AddHostedService(provider => provider.GetRequiredService<IndexWarmup>());
        services.AddMetrics();
        services.AddHostedService<IndexMetrics>();
        services.AddHealthChecks().AddCheck<IndexHealthCheck>("index");
        return services;
    }
}
