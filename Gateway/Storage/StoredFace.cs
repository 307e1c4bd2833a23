using Contracts.Embedding;
using Contracts.Images;

namespace Gateway.Storage;

/// <summary>A face as the metadata store keeps it: the source of truth, facen and model name included, from which any index can be rebuilt.</summary>
/// <param name="Photo">Upload path of the original photo (relative to the uploads folder).</param>
/// <param name="PhotoHash">MD5 of the photo's bytes, hex.</param>
/// <param name="Galleries">Named galleries besides <c>default</c>, which holds every face.</param>
public sealed record StoredFace(
    long Id,
    DateTime Timestamp,
    string Photo,
    string PhotoHash,
    string? Thumbnail,
    string? Normalized,
    Box Box,
    string Meta,
    IReadOnlyList<string> Galleries,
    GenderEstimate? Gender,
    float? Age,
    IReadOnlyList<EmotionScore>? Emotions,
    float[] Facen,
    string FacenModel);
