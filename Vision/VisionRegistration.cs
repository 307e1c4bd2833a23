using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vision.Attributes;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;
using Vision.Models;

namespace Vision;

/// <summary>Registers the face engine: decoder and limits, model sessions, detection and description.</summary>
public static class VisionRegistration
{
    public static IServiceCollection AddVision(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(ModelOptions.Section).Get<ModelOptions>() ?? new ModelOptions());
        services.AddSingleton(configuration.GetSection("Nnd").Get<DetectorOptions>() ?? new DetectorOptions());
        services.AddSingleton(configuration.GetSection("Images").Get<ImageLimits>() ?? new ImageLimits());
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton(sp => FacenCalibration.For(sp.GetRequiredService<ModelCatalog>().Manifest.For("facen")));
        services.AddSingleton<ImageDecoder>();
        services.AddSingleton<DecodedImageCache>();

        services.AddSingleton(sp => new UltraFaceDetector(Model(sp, "detector", "ultraface"), sp.GetRequiredService<DetectorOptions>()));
        services.AddSingleton(sp => new LandmarkModel(Model(sp, "landmarks", "landmarks68")));
        services.AddSingleton<FaceDetection>();

        services.AddSingleton(sp => new FacenModel(Model(sp, "facen", "facen"), sp.GetRequiredService<ModelOptions>().FlipAverage));
        services.AddSingleton(sp => new GenderAgeModel(Model(sp, "gender-age", "age-gender-net")));
        services.AddSingleton(sp => new EmotionModel(Model(sp, "emotions", "probabilities")));
        services.AddSingleton<FaceDescriber>();
        return services;
    }

    /// <summary>The manifest's model for a task, checked against the output decoder the code provides for it.</summary>
    private static OnnxModel Model(IServiceProvider services, string task, string decoder)
    {
        var model = services.GetRequiredService<ModelCatalog>().For(task);
        if (model.Spec.Decoder != decoder)
            throw new InvalidOperationException(
                $"The {task} model '{model.Spec.Name}' needs the '{model.Spec.Decoder}' decoder; this build reads '{decoder}'.");
        return model;
    }
}
