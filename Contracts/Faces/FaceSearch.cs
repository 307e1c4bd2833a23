namespace Contracts.Faces;

/// <summary>Search each described face among the faces of a gallery.</summary>
/// <param name="N">At most this many matches per face.</param>
/// <param name="MinSimilarity">Cosine similarity below which a face is no match.</param>
public sealed record FaceSearch(string Gallery, int N, float MinSimilarity);
