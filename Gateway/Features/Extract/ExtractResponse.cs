namespace Gateway.Features.Extract;

/// <summary>The answer of an Extraction API call (spec 8.4.3): one response per request, in order.</summary>
public sealed record ExtractResponse(IReadOnlyList<ImageResponse> Responses);

/// <summary>The faces of one image, or the error that stopped it (the other images are not affected).</summary>
public sealed record ImageResponse(IReadOnlyList<FaceResponse> Faces, ImageError? Error = null)
{
    public static ImageResponse Failed(string code, string desc) => new([], new ImageError(code, desc));
}

public sealed record ImageError(string Code, string Desc);

/// <summary>One face; members that were not asked for are null and left out of the JSON.</summary>
/// <param name="Facen">Base64 of the feature vector as little-endian float32.</param>
/// <param name="Normalized">Base64 of the aligned face as PNG; it can be posted back with the prenormalized detector.</param>
public sealed record FaceResponse(
    Rect Bbox,
    float DetectionScore,
    string? Facen,
    GenderResponse? Gender,
    float? Age,
    IReadOnlyList<EmotionResponse>? Emotions,
    string? Normalized);

/// <param name="Gender">MALE or FEMALE.</param>
public sealed record GenderResponse(string Gender, float Score);

public sealed record EmotionResponse(string Emotion, float Score);
