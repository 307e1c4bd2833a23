using System.Globalization;
using ClaimCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Hosting;
using Security.Cameras;
using Vision;
using Vision.Embedding;
using Vision.Models;
using Workers.Video.Cameras;
using Workers.Video.Configuration;
using Workers.Video.Posting;

namespace Workers.Video;

/// <summary>Registers the video face detector: the face engine, the camera list, the poster (HTTP or bus), post-uniq's facens and the supervisor.</summary>
public static class VideoRegistration
{
    public static IServiceCollection AddVideoDetector(this IServiceCollection services, IConfiguration configuration, VideoOptions options)
    {
        // The detector must find faces as small as the smallest one posted; Nnd:MinFaceSize, when set, still decides.
        if (options.MinFaceSize > 0 && configuration["Nnd:MinFaceSize"] is null)
            configuration = new ConfigurationBuilder().AddConfiguration(configuration)
                .AddInMemoryCollection([KeyValuePair.Create<string, string?>("Nnd:MinFaceSize", options.MinFaceSize.ToString(CultureInfo.InvariantCulture))])
                .Build();
        services.AddVision(configuration);
        services.AddSingleton(options);
        var api = ServerApi.Create(options);
        // A camera given on the command line is watched alone; otherwise detector-name asks the server for the list.
        var policy = configuration.ReadCameraUrlPolicy();
        services.AddSingleton(policy);
        services.AddSingleton<ICameraList>(sp => options.Source is { } source
            ? new ConfiguredCameraList([new Camera(options.CamId ?? source, source, options.SourceParams)])
            : new ServerCameraList(api, options, policy, sp.GetRequiredService<ILogger<ServerCameraList>>()));
        AddPoster(services, Deployment.Read(configuration, PipelineProcess.VideoDetector), configuration, options, api);
        // The facen model is loaded only for post-uniq. Two faces are one person from the "medium" confidence (FAR 1e-3):
        // only faces near each other in place and time are compared, and frames of one person pass more often than at "strict".
        if (options.PostUniq)
            services.AddSingleton<Func<UniqueFaceFilter>>(sp =>
            {
                var (facen, calibration) = (sp.GetRequiredService<FacenModel>(), sp.GetRequiredService<FacenCalibration>());
                var minCosine = calibration.ToCosine(ConfidenceThresholds.Medium);
                return () => new UniqueFaceFilter(facen, minCosine, options);
            });
        services.AddSingleton<CameraSupervisor>();
        return services;
    }

    /// <summary>The poster the <see cref="Deployment"/> names: over HTTP to <c>api-host</c> (Standalone), or over the bus to the
    /// gateways (Cluster), the frames through the gateways' claim store (<c>Storage:ClaimsDir</c>).</summary>
    private static void AddPoster(IServiceCollection services, Deployment deployment, IConfiguration configuration, VideoOptions options,
        HttpClient api)
    {
        if (deployment.VideoPoster == VideoPoster.Http)
        {
            services.AddSingleton<IFacePoster>(sp => new HttpFacePoster(api, options, sp.GetRequiredService<ILogger<HttpFacePoster>>()));
            return;
        }
        services.AddClaimCheck(deployment, configuration);
        services.AddPipelineBus(deployment, _ => { });
        services.AddSingleton<IFacePoster, BusFacePoster>();
    }
}
