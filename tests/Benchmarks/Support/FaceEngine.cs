using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vision;
using Vision.ClaimCheck;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;
using Vision.Models;

namespace Benchmarks.Support;

/// <summary>The face engine as a worker registers it (Models:* from the environment), without the bus or HTTP around it;
/// its models are loaded on the constructing thread (see <see cref="ModelSessions"/>).</summary>
public sealed class FaceEngine : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _claims = Directory.CreateTempSubdirectory("facepipe-benchmarks-").FullName;

    public FaceEngine()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        _services = new ServiceCollection()
            .AddVision(configuration)
            .AddSingleton<IImageStore>(new FileImageStore(_claims))
            .BuildServiceProvider();
        ModelSessions.Load(_services);
    }

    public ImageDecoder Decoder => Get<ImageDecoder>();
    public ModelCatalog Models => Get<ModelCatalog>();
    public UltraFaceDetector Detector => Get<UltraFaceDetector>();
    public FaceDetection Detection => Get<FaceDetection>();
    public FaceDescriber Describer => Get<FaceDescriber>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_claims, recursive: true);
    }
}
