using Contracts.Detection;
using Contracts.Embedding;
using Microsoft.Extensions.DependencyInjection;
using Vision.Detection;
using Vision.Embedding;
using Vision.Imaging;

namespace Benchmarks.Support;

/// <summary>The face engine's own work for one photo, in the app's own services (no HTTP, no bus): decode, detect, and describe
/// the first face with the attributes an API call asks for. The baseline the API's cost is compared with (target: 1.2x, issue 15).</summary>
public sealed class EngineCall(IServiceProvider services)
{
    /// <summary>What <c>POST /identify</c> asks of the engine.</summary>
    public const FaceAttributes Identify = FaceAttributes.Facen;

    /// <summary>What <c>POST /face</c> asks of the engine.</summary>
    public const FaceAttributes Enroll = FaceAttributes.Facen | FaceAttributes.Gender | FaceAttributes.Age | FaceAttributes.Emotions
                                         | FaceAttributes.Normalized | FaceAttributes.Thumbnail;

    private readonly ImageDecoder _decoder = services.GetRequiredService<ImageDecoder>();
    private readonly FaceDetection _detection = services.GetRequiredService<FaceDetection>();
    private readonly FaceDescriber _describer = services.GetRequiredService<FaceDescriber>();

    public async Task<DescribedFace[]> RunAsync(byte[] photo, FaceAttributes wanted)
    {
        using var image = _decoder.Decode(photo);
        var faces = await _detection.FindAsync(image, null, Detectors.Nnd);
        return await Task.WhenAll(faces.Take(1).Select(face => _describer.DescribeAsync(image, face, wanted)));
    }
}
