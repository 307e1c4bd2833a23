using Hosting;
using Gateway.Storage.Mongo;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workers.Index.Warmup;

namespace Gateway.Storage;

public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, Deployment deployment)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) => options.DataDir = string.IsNullOrWhiteSpace(options.DataDir)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "facepipe")
                : Path.GetFullPath(options.DataDir, environment.ContentRootPath))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, DataDirCheck>();
        services.AddSingleton<MetadataDatabase>();
        services.TryAddSingleton(TimeProvider.System);
        // SQLite in the data folder unless Storage:Mongo names a MongoDB server.
        services.AddSingleton<IFaceStore>(provider => deployment.MetadataStore == MetadataStoreKind.Mongo
            ? ActivatorUtilities.CreateInstance<MongoFaceStore>(provider)
            : ActivatorUtilities.CreateInstance<SqliteFaceStore>(provider));
        services.AddSingleton<ICameraStore, SqliteCameraStore>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        // The index is rebuilt from the metadata store at start: every store also reads out its facens.
        services.AddSingleton(provider => (IFacenSource)provider.GetRequiredService<IFaceStore>());
        // Seeded from the store so that ids keep rising across restarts.
        services.AddSingleton(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new FaceIds(provider.GetRequiredService<IFaceStore>().MaxIdAsync(CancellationToken.None).GetAwaiter().GetResult(),
                storage.GatewayNumber, storage.GatewayCount);
        });
        return services;
    }
}
