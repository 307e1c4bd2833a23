using Gateway.Http;

namespace Gateway.Features.Detect;

/// <summary>The parameters of <c>POST /detect</c> (spec 9.2.1); gender, age and emotions are v1's.</summary>
public sealed record DetectRequest(PhotoSource? Photo, bool Gender, bool Age, bool Emotions)
{
    public static DetectRequest Read(ApiParameters parameters, ApiVersion version) => new(
        parameters.Photo("photo"),
        version == ApiVersion.V1 && (parameters.Bool("gender") ?? false),
        version == ApiVersion.V1 && (parameters.Bool("age") ?? false),
        version == ApiVersion.V1 && (parameters.Bool("emotions") ?? false));
}
