namespace Contracts.Index;

/// <summary>Remove faces from the vector index and every gallery; unknown ids are skipped. Answered by <see cref="RemoveFacensResult"/>.</summary>
public sealed record RemoveFacens(IReadOnlyList<long> FaceIds);
