using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vision;
using Vision.Detection;
using Workers.Video.Cameras;
using Workers.Video.Configuration;
using Workers.Video.Posting;

namespace Workers.Video;

/// <summary>Registers the video face detector: the face engine, the camera list, the poster and the supervisor.</summary>
public static class VideoRegistration
{
    public static IServiceCollection AddVideoDetector(this IServiceCollection services, IConfiguration configuration, VideoOptions options)
    {
        services.AddVision(configuration);
        // The detector must find faces as small as the smallest one posted; Nnd:MinFaceSize, when set, still decides.
        if (options.MinFaceSize > 0 && configuration["Nnd:MinFaceSize"] is null)
            services.AddSingleton(sp => (configuration.GetSection("Nnd").Get<DetectorOptions>() ?? new DetectorOptions()) with { MinFaceSize = options.MinFaceSize });
        services.AddSingleton(options);
        // One client for the process; req-timeout is applied per request. Pooled connections are renewed so DNS changes are seen.
        var api = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        // A camera given on the command line is watched alone; otherwise detector-name asks the server for the list.
        services.AddSingleton<ICameraList>(options.Source is { } source
            ? new ConfiguredCameraList([new Camera(options.CamId ?? source, source, options.SourceParams)])
            : new ServerCameraList(api, options));
        services.AddSingleton<IFacePoster>(sp => new HttpFacePoster(api, options, sp.GetRequiredService<ILogger<HttpFacePoster>>()));
        services.AddSingleton<CameraSupervisor>();
        return services;
    }
}
