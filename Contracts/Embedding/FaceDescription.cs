using Contracts.Images;

namespace Contracts.Embedding;

/// <summary>What the embed stage learnt about one face; a member is null when it was not asked for.</summary>
/// <param name="Facen">L2-normalised feature vector.</param>
/// <param name="FacenModel">Name of the model that made <paramref name="Facen"/>; facens of different models are not comparable.</param>
/// <param name="Normalized">PNG of the aligned face, in the image store.</param>
/// <param name="Thumbnail">JPEG thumbnail of the face, in the image store.</param>
public sealed record FaceDescription(
    float[]? Facen,
    string? FacenModel,
    GenderEstimate? Gender,
    float? Age,
    IReadOnlyList<EmotionScore>? Emotions,
    ImageRef? Normalized,
    ImageRef? Thumbnail);

/// <summary>"male" or "female" with the model's confidence in [0, 1].</summary>
public sealed record GenderEstimate(string Gender, float Score);

/// <summary>One emotion's probability; lists of these are sorted by descending score.</summary>
public sealed record EmotionScore(string Emotion, float Score);
