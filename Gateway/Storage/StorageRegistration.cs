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
        return services;
    }
}
