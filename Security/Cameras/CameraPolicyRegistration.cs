using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Security.Cameras;

public static class CameraPolicyRegistration
{
    /// <summary>The "Video" section's policy, read once: the gateway and the detector judge a camera by the same settings.</summary>
    public static CameraUrlPolicy ReadCameraUrlPolicy(this IConfiguration configuration)
    {
        var options = configuration.GetSection(CameraPolicyOptions.Section).Get<CameraPolicyOptions>() ?? new CameraPolicyOptions();
        if (options.MaxPixels < 1)
            throw new InvalidOperationException($"{CameraPolicyOptions.Section}:MaxPixels must be at least 1.");
        return new CameraUrlPolicy(options);
    }

    public static IServiceCollection AddCameraUrlPolicy(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(configuration.ReadCameraUrlPolicy());
}
