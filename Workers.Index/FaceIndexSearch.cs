using Contracts.Index;

namespace Workers.Index;

public static class FaceIndexSearch
{
    /// <summary>The matches of <see cref="IFaceIndex.SearchShardsAsync"/> under the index's own strictness.</summary>
    public static async ValueTask<IReadOnlyList<IReadOnlyList<FacenMatch>>> SearchAsync(this IFaceIndex index, IReadOnlyList<float[]> queries,
        string gallery, int n, float minSimilarity, CancellationToken cancellationToken = default) =>
        (await index.SearchShardsAsync(queries, gallery, n, minSimilarity, strict: null, cancellationToken: cancellationToken)).Matches;
}
