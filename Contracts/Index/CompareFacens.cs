namespace Contracts.Index;

/// <summary>Compare every facen of <paramref name="First"/> with every facen of <paramref name="Second"/>. Answered by <see cref="CompareFacensResult"/>.</summary>
public sealed record CompareFacens(IReadOnlyList<float[]> First, IReadOnlyList<float[]> Second);
