using Contracts.Index;

namespace Workers.Index;

/// <summary>A store of facens searchable by similarity within a gallery: the exact in-process index or Redis vector-set shards.</summary>
/// <remarks>Asynchronous because a cluster index answers over the network; bad input (a facen of another length, an invalid
/// gallery name, n below 1) throws <see cref="ArgumentException"/> before anything changes.</remarks>
public interface IFaceIndex
{
    /// <summary>Adds faces, replacing the facen and galleries of an id already there; returns how many were given.</summary>
    ValueTask<int> AddAsync(IReadOnlyList<IndexedFacen> faces, CancellationToken cancellationToken = default);

    /// <summary>Removes faces from the index and all galleries; returns how many were there.</summary>
    ValueTask<int> RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken = default);

    /// <summary>Replaces the named galleries of a face; false when the face is not indexed.</summary>
    ValueTask<bool> SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken = default);

    /// <summary>Takes every face out of a named gallery; returns how many were in it.</summary>
    ValueTask<int> DropGalleryAsync(string gallery, CancellationToken cancellationToken = default);

    /// <summary>For each query, at most <paramref name="n"/> faces of the gallery with similarity at least
    /// <paramref name="minSimilarity"/>, best first, equal similarities by lower face id.</summary>
    ValueTask<IReadOnlyList<IReadOnlyList<FacenMatch>>> SearchAsync(IReadOnlyList<float[]> queries, string gallery, int n,
        float minSimilarity, CancellationToken cancellationToken = default);

    /// <summary>A search that also says how many shards answered it; with <paramref name="strict"/> (null: the index's own
    /// setting) a shard that does not answer throws <see cref="ShardsUnavailableException"/> instead. An unsharded index
    /// is one shard that always answers.</summary>
    async ValueTask<IndexSearch> SearchShardsAsync(IReadOnlyList<float[]> queries, string gallery, int n, float minSimilarity,
        bool? strict, CancellationToken cancellationToken = default) =>
        new(await SearchAsync(queries, gallery, n, minSimilarity, cancellationToken), 1, 1);

    /// <summary>True when the index keeps its faces across restarts (Redis shards, persisted by AOF or RDB): a start then does
    /// not reload them from the metadata store, and the rebuild-index command refills them. False for a memory-only index,
    /// which is filled at every start.</summary>
    bool IsPersistent => false;

    /// <summary>How many faces are indexed (the size of gallery "default").</summary>
    ValueTask<int> CountAsync(CancellationToken cancellationToken = default);
}
