namespace Contracts.Index;

/// <summary>Cosine similarities: one row per facen of the first list, one column per facen of the second.</summary>
public sealed record CompareFacensResult(IReadOnlyList<IReadOnlyList<float>> Similarities);
