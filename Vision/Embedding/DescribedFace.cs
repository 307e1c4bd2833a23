using Contracts.Embedding;

namespace Vision.Embedding;

/// <summary>What <see cref="FaceDescriber"/> found out about one face; a member is null when it was not asked for. The
/// embed stage keeps the images in the claim store and answers with their keys (<see cref="FaceDescription"/>).</summary>
/// <param name="Facen">L2-normalised feature vector.</param>
/// <param name="FacenModel">Name of the model that made <paramref name="Facen"/>; facens of different models are not comparable.</param>
/// <param name="Normalized">PNG of the aligned face.</param>
/// <param name="Thumbnail">JPEG thumbnail of the face.</param>
public sealed record DescribedFace(
    float[]? Facen,
    string? FacenModel,
    GenderEstimate? Gender,
    float? Age,
    IReadOnlyList<EmotionScore>? Emotions,
    byte[]? Normalized,
    byte[]? Thumbnail);
