namespace Contracts.Index;

/// <summary>How many of the faces of a <see cref="RemoveFacens"/> request were in the index.</summary>
public sealed record RemoveFacensResult(int Removed);
