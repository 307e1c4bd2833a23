namespace Contracts.Faces;

/// <summary>Search each described face among the faces of a gallery.</summary>
/// <param name="N">At most this many matches per face.</param>
/// <param name="MinSimilarity">Cosine similarity below which a face is no match.</param>
/// <param name="Strict">The API's strict: fail when an index shard does not answer (true), answer from the live ones (false),
/// or leave it to the index's setting (null).</param>
public sealed record FaceSearch(string Gallery, int N, float MinSimilarity, bool? Strict = null)
{
    /// <summary>Candidates asked for beyond those wanted: index entries of faces the store does not hold (deleted while the
    /// search ran, or whose deletion or enrollment is still pending) are passed over, and must not hide a stored match.</summary>
    public const int SpareCandidates = 8;
}
