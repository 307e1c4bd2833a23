using Gateway.Http;

namespace Gateway.Features.Detect;

/// <summary>The parameters of <c>POST /detect</c> (spec 9.2.1); gender, age and emotions are v1's, none unless asked.</summary>
public sealed record DetectRequest(PhotoSource? Photo, AttributeFlags Attributes)
{
    public static DetectRequest Read(ApiParameters parameters, ApiVersion version) =>
        new(parameters.Photo("photo"), AttributeFlags.Read(parameters, version));
}
