namespace Contracts.Index;

/// <summary>Add faces to the vector index; a face id already there is replaced. Answered by <see cref="IndexFacensResult"/>.</summary>
public sealed record IndexFacens(IReadOnlyList<IndexedFacen> Faces);
