namespace Contracts.Faces;

/// <summary>The faces of a <see cref="PersistFaces"/> are stored.</summary>
public sealed record PersistFacesResult(int Count);
