namespace Contracts.Index;

/// <summary>An indexed face and its cosine similarity to the query facen.</summary>
public sealed record FacenMatch(long FaceId, float Similarity);
