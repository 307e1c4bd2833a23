namespace Contracts.Index;

/// <summary>How many faces an <see cref="IndexFacens"/> request added or replaced.</summary>
public sealed record IndexFacensResult(int Count);
