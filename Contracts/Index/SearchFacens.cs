namespace Contracts.Index;

/// <summary>Find the faces of a gallery most similar to each query facen. Answered by <see cref="SearchFacensResult"/>.</summary>
/// <param name="Queries">Facens to search for, of the index's length.</param>
/// <param name="Gallery">"default" (every face) or a named gallery.</param>
/// <param name="N">Most matches per query, at least 1.</param>
/// <param name="MinSimilarity">Matches below this cosine similarity are left out.</param>
/// <param name="Strict">FindFace's strict: true fails the search when an index shard does not answer, false answers from the
/// shards that did; null leaves it to the index's setting (tntapi_ignore_search_errors).</param>
/// <param name="Linear">FindFace's linear_search: scan every face of the gallery instead of using a fast approximate index
/// (the exact index always scans).</param>
public sealed record SearchFacens(IReadOnlyList<float[]> Queries, string Gallery, int N, float MinSimilarity, bool? Strict = null,
    bool Linear = false);
