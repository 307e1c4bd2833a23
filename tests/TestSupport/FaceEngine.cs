using Contracts.Detection;
using Contracts.Embedding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vision;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;
using Vision.Models;

namespace TestSupport;

/// <summary>The real face engine on the real models of the model cache (Models:* from the environment), as a worker
/// registers it but without the bus or HTTP around it. Its models are loaded by the constructor, on the constructing thread.</summary>
public sealed class FaceEngine : IDisposable
{
    private readonly ServiceProvider _services;

    /// <summary>The engine as the environment configures it (the one public constructor xunit's fixtures allow).</summary>
    public FaceEngine()
        : this(null)
    {
    }

    /// <summary>A variant of the engine: <paramref name="settings"/> (e.g. <c>Alignment:RefineBox</c>) over the environment's.</summary>
    public static FaceEngine With(IReadOnlyDictionary<string, string?> settings) => new(settings);

    private FaceEngine(IReadOnlyDictionary<string, string?>? settings)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        _services = new ServiceCollection()
            .AddVision(configuration)
            .BuildServiceProvider();
        _ = Detection;
        _ = Describer;
    }

    public ImageDecoder Decoder => Get<ImageDecoder>();
    public UltraFaceDetector Detector => Get<UltraFaceDetector>();
    public FaceDetection Detection => Get<FaceDetection>();
    public FaceDescriber Describer => Get<FaceDescriber>();
    public ModelCatalog Models => Get<ModelCatalog>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<IReadOnlyList<DetectedFace>> DetectAsync(byte[] photo, string detector = Detectors.Nnd, Contracts.Images.Box? roi = null)
    {
        using var image = Decoder.Decode(photo);
        return await Detection.FindAsync(image, roi, detector);
    }

    /// <summary>Detects and describes every face of the photo, largest first.</summary>
    public async Task<IReadOnlyList<(DetectedFace Face, DescribedFace Description)>> DescribeAsync(
        byte[] photo, FaceAttributes wanted = FaceAttributes.Facen, string detector = Detectors.Nnd)
    {
        using var image = Decoder.Decode(photo);
        var faces = await Detection.FindAsync(image, null, detector);
        var descriptions = await Task.WhenAll(faces.Select(f => Describer.DescribeAsync(image, f, wanted)));
        return [.. faces.Zip(descriptions)];
    }

    public void Dispose() => _services.Dispose();
}
