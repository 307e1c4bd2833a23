using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Index;

namespace Contracts.Faces;

/// <summary>One face of a processed photo and what came of it.</summary>
/// <param name="Description">Null when nothing beyond the box was asked for.</param>
/// <param name="Matches">For a search: the matching faces, best first.</param>
/// <param name="FaceId">For an enrollment: the id of the stored face.</param>
public sealed record ProcessedFace(DetectedFace Detected, FaceDescription? Description, IReadOnlyList<FacenMatch>? Matches, long? FaceId);
