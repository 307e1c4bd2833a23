using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vision.Alignment;
using Vision.Attributes;
using Vision.Detection;
using Vision.Embedding;
using Vision.Health;
using Vision.Imaging;
using Vision.Models;

namespace Vision;

/// <summary>Registers the face engine: decoder and limits, model sessions, detection and description.</summary>
public static class VisionRegistration
{
    /// <summary>The settings the face engine reads, for the help of the programs that host it.</summary>
    public const string Settings =
        "  Models:Dir, Models:Threads, Models:MaxBatch, Models:Facen, Models:FlipAverage   the models and how they run\n" +
        "  Nnd:MinFaceSize, Nnd:MinScore, Nnd:MaxFaces, Images:MaxBytes, Images:MaxPixels   detection and decoding limits";

    public static IServiceCollection AddVision(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(ModelOptions.Section).Get<ModelOptions>() ?? new ModelOptions());
        services.AddSingleton(configuration.GetSection("Nnd").Get<DetectorOptions>() ?? new DetectorOptions());
        services.AddSingleton(configuration.GetSection("Images").Get<ImageLimits>() ?? new ImageLimits());
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton(sp => sp.GetRequiredService<ModelOptions>().Ensemble.Length > 0
            ? throw new InvalidDataException("Models:Ensemble makes facens that no calibration in the manifest describes; it is for measuring (MODELS.md).")
            : FacenCalibration.For(FacenSpec(sp)));
        services.AddSingleton<ImageDecoder>();
        services.AddSingleton<DecodedImageCache>();

        services.AddSingleton(sp => new UltraFaceDetector(Model(sp, "detector", "ultraface"), sp.GetRequiredService<DetectorOptions>()));
        services.AddSingleton(configuration.GetSection(AlignmentOptions.Section).Get<AlignmentOptions>() ?? new AlignmentOptions());
        services.AddSingleton(sp => new LandmarkModel(Model(sp, "landmarks", "landmarks68"), sp.GetRequiredService<AlignmentOptions>()));
        services.AddSingleton<FaceDetection>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ModelOptions>();
            var partner = options.Ensemble.Length > 0 ? Model(sp, sp.GetRequiredService<ModelCatalog>().Manifest.Named(options.Ensemble), "facen") : null;
            return new FacenModel(Model(sp, FacenSpec(sp), "facen"), options.FlipAverage, partner);
        });
        services.AddSingleton(sp => new GenderAgeModel(Model(sp, "gender-age", "age-gender-net")));
        services.AddSingleton(sp => new EmotionModel(Model(sp, "emotions", "probabilities")));
        services.AddSingleton<FaceDescriber>();
        services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models");
        return services;
    }

    /// <summary>The manifest's model for a task, checked against the output decoder the code provides for it.</summary>
    private static OnnxModel Model(IServiceProvider services, string task, string decoder) =>
        Model(services, services.GetRequiredService<ModelCatalog>().Manifest.For(task), decoder);

    private static OnnxModel Model(IServiceProvider services, ModelSpec spec, string decoder)
    {
        if (spec.Decoder != decoder)
            throw new InvalidOperationException(
                $"The {spec.Task} model '{spec.Name}' needs the '{spec.Decoder}' decoder; this build reads '{decoder}'.");
        return services.GetRequiredService<ModelCatalog>().Named(spec.Name);
    }

    /// <summary>The facen model: Models:Facen when set, else the manifest's.</summary>
    private static ModelSpec FacenSpec(IServiceProvider services)
    {
        var (name, manifest) = (services.GetRequiredService<ModelOptions>().Facen, services.GetRequiredService<ModelCatalog>().Manifest);
        var spec = name.Length > 0 ? manifest.Named(name) : manifest.For("facen");
        return spec.Task == "facen" ? spec
            : throw new InvalidOperationException($"Models:Facen names '{name}', a {spec.Task} model, not a facen model.");
    }
}
