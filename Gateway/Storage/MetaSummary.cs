namespace Gateway.Storage;

/// <summary>A meta string, how many faces carry it, and the first of them.</summary>
public sealed record MetaSummary(string Meta, int Count, StoredFace Face);
