namespace Contracts.Index;

/// <summary>One face as the vector index holds it: its facen and the named galleries it belongs to besides "default".</summary>
/// <param name="FaceId">Unique face id; ids increase with time.</param>
/// <param name="Facen">L2-normalised feature vector; every facen of an index has the same length.</param>
/// <param name="Galleries">Named galleries ([a-zA-Z0-9_-]{1,48}); "default" is implied and may be left out.</param>
public sealed record IndexedFacen(long FaceId, float[] Facen, IReadOnlyList<string> Galleries);
