using Contracts.Index;

namespace Workers.Index;

/// <summary>A store of facens searchable by similarity within a gallery: the exact in-process index or Redis vector-set shards.</summary>
/// <remarks>Asynchronous because a cluster index answers over the network; bad input (a facen of another length, an invalid
/// gallery name, n below 1) throws <see cref="ArgumentException"/> before anything changes.</remarks>
public interface IFaceIndex
{
    /// <summary>How the index searches: <see cref="IndexSpaces.Linear"/> (a scan) or <see cref="IndexSpaces.Indexed"/> (a fast
    /// approximate index).</summary>
    string Space { get; }

    /// <summary>Adds faces, replacing the facen and galleries of an id already there; returns how many were given.</summary>
    ValueTask<int> AddAsync(IReadOnlyList<IndexedFacen> faces, CancellationToken cancellationToken = default);

    /// <summary>Removes faces from the index and all galleries; returns how many were there.</summary>
    ValueTask<int> RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken = default);

    /// <summary>Replaces the named galleries of a face; false when the face is not indexed.</summary>
    ValueTask<bool> SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken = default);

    /// <summary>Takes every face out of a named gallery; returns how many were in it.</summary>
    ValueTask<int> DropGalleryAsync(string gallery, CancellationToken cancellationToken = default);

    /// <summary>For each query, at most <paramref name="n"/> faces of the gallery with similarity at least
    /// <paramref name="minSimilarity"/>, best first, equal similarities by lower face id; and how many shards answered.
    /// With <paramref name="strict"/> (null: the index's own setting) a shard that does not answer throws
    /// <see cref="ShardsUnavailableException"/> instead; with no shard answering it always throws, since an empty answer would
    /// say that nobody matches. An unsharded index is one shard that always answers, and scans
    /// whether <paramref name="linear"/> asks it to or not.</summary>
    /// <param name="linear">FindFace's linear_search: scan every face instead of using a fast approximate index.</param>
    ValueTask<IndexSearch> SearchShardsAsync(IReadOnlyList<float[]> queries, string gallery, int n, float minSimilarity,
        bool? strict, bool linear = false, CancellationToken cancellationToken = default);

    /// <summary>True when the index keeps its faces across restarts (Redis shards, persisted by AOF or RDB): a start then does
    /// not reload them from the metadata store, and the rebuild-index command refills them. False for a memory-only index,
    /// which is filled at every start.</summary>
    bool IsPersistent => false;

    /// <summary>How many faces are indexed (the size of gallery "default").</summary>
    ValueTask<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>What each shard holds: every gallery with faces and its size. A shard that does not answer is reported down
    /// rather than failing the whole answer.</summary>
    ValueTask<IReadOnlyList<ShardStats>> StatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts a face into a gallery unless it is there already (false, nothing changed). A face indexed in other
    /// galleries joins this one too and takes this facen there, since a face has one facen.</summary>
    ValueTask<bool> AddToGalleryAsync(long faceId, float[] facen, string gallery, CancellationToken cancellationToken = default);

    /// <summary>The facen of a face of the gallery as the index keeps it (quantised facens come back approximate); null when the
    /// face is not in the gallery.</summary>
    ValueTask<float[]?> GetFacenAsync(long faceId, string gallery, CancellationToken cancellationToken = default);

    /// <summary>Takes a face out of a gallery; out of "default", which holds every face, it leaves the index. False when the
    /// face was not in the gallery.</summary>
    ValueTask<bool> RemoveFromGalleryAsync(long faceId, string gallery, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="count"/> faces of the gallery whose id is at least <paramref name="startId"/>, by
    /// increasing id.</summary>
    ValueTask<IReadOnlyList<GalleryFacen>> ListAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default);

    /// <summary>The ids of <see cref="ListAsync"/> alone, for comparing the index with the store: an index that keeps its facens
    /// elsewhere need not read them.</summary>
    async ValueTask<IReadOnlyList<long>> ListIdsAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(gallery, startId, count, cancellationToken)).Select(face => face.FaceId)];
}
