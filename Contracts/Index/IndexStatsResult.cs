namespace Contracts.Index;

/// <summary>What each shard of the index holds, in the index's shard order; a shard that did not answer is there, down.</summary>
public sealed record IndexStatsResult(IReadOnlyList<ShardStats> Shards);

/// <summary>One shard: where it is, whether it answered, and its galleries with their sizes.</summary>
/// <param name="Endpoint">The shard's address ("host:port"), or "local" for the in-process index.</param>
/// <param name="Up">False when the shard did not answer; it then lists no galleries.</param>
/// <param name="Space">How the shard searches, in FindFace's terms: "linear" (an exact scan) or "indexed" (a fast
/// approximate index).</param>
/// <param name="Galleries">The galleries holding at least one face on the shard ("default" counts every face).</param>
public sealed record ShardStats(string Endpoint, bool Up, string Space, IReadOnlyList<GalleryStats> Galleries);

/// <summary>One gallery on one shard.</summary>
/// <param name="Dimension">The facen length of the gallery's faces.</param>
/// <param name="Quantisation">How facens are stored: "f32", or Redis's "int8" or "bin".</param>
public sealed record GalleryStats(string Name, long Faces, int Dimension, string Quantisation);
