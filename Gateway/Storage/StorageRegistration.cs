using Gateway.Storage.Sqlite;
using Gateway.Uploads;
using Microsoft.Extensions.Options;
using Workers.Index.Warmup;

namespace Gateway.Storage;

public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) => options.DataDir = string.IsNullOrWhiteSpace(options.DataDir)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "facepipe")
                : Path.GetFullPath(options.DataDir, environment.ContentRootPath));
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section);
        services.AddSingleton<UploadStore>();
        services.AddSingleton<SqliteFaceStore>();
        services.AddSingleton<IFaceStore>(provider => provider.GetRequiredService<SqliteFaceStore>());
        services.AddSingleton<ICameraStore, SqliteCameraStore>();
        // The index is rebuilt from the metadata store at start.
        services.AddSingleton<IFacenSource>(provider => provider.GetRequiredService<SqliteFaceStore>());
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
