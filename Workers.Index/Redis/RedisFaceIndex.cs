using Contracts.Index;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Workers.Index.Redis;

/// <summary>The cluster deployment's face index: Redis 8 vector sets (HNSW) on shards chosen by cell, searched on every
/// shard in parallel and merged.</summary>
/// <remarks>Approximate: HNSW may miss a true match (recall@10 measured in the specs), and with Q8 quantisation a
/// similarity is off by up to ~0.01. A shard is written only for its own faces; a search that a shard does not answer
/// within <see cref="RedisIndexOptions.ShardTimeoutMs"/> is answered by the others or fails, as strict asks.</remarks>
public sealed class RedisFaceIndex : IFaceIndex, IDisposable
{
    // Faces per script call: enough to amortise a round trip, few enough not to hold a shard's searches up for long.
    private const int FacesPerScript = 32;

    private readonly RedisIndexOptions _options;
    private readonly ShardMap _map;
    private readonly RedisShard[] _shards;
    private int _dimension;

    public string Space => IndexSpaces.Indexed;

    public RedisFaceIndex(IOptions<RedisIndexOptions> options) : this(options.Value, ShardMap.From(options.Value.Shards)) { }

    public RedisFaceIndex(RedisIndexOptions options, ShardMap map)
    {
        if (options.Quantisation is not ("Q8" or "NOQUANT" or "BIN"))
            throw new ArgumentException($"Quantisation '{options.Quantisation}' is not Q8, NOQUANT or BIN.");
        _options = options;
        _map = map;
        // Connection settings are the configured shard's; a map made from endpoints alone connects without them.
        _shards = [.. map.Endpoints.Select(endpoint => options.Shards.FirstOrDefault(shard => shard.Endpoint == endpoint) is { } shard
            ? new RedisShard(endpoint, shard.Password, shard.Ssl)
            : new RedisShard(endpoint, password: null, ssl: false))];
    }

    public bool IsPersistent => true;

    public async ValueTask<int> AddAsync(IReadOnlyList<IndexedFacen> faces, CancellationToken cancellationToken = default)
    {
        var dimension = await DimensionAsync() is var known and > 0 ? known : faces.Count > 0 ? faces[0].Facen.Length : 0;
        foreach (var face in faces)
        {
            FacenShape.Check(face.Facen, dimension);
            GalleryNames.CheckAll(face.Galleries);
        }
        if (faces.Count == 0)
            return 0;
        if (dimension == 0)
            throw new ArgumentException("A facen needs at least one element.");

        // The last write of a face id in the batch wins, as in the exact index. A shard takes one script at a time: it
        // runs them one by one anyway, and a queue of them would only run into the client's timeout.
        var last = faces.GroupBy(face => face.FaceId).Select(group => group.Last());
        await Task.WhenAll(last.GroupBy(face => _map.ShardOf(face.FaceId)).Select(async shard =>
        {
            foreach (var chunk in shard.Chunk(FacesPerScript))
                await _shards[shard.Key].AddAsync(chunk, _options.VaddOptions);
        }));
        _dimension = dimension;
        return faces.Count;
    }

    public async ValueTask<int> RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken = default)
    {
        var removed = await Task.WhenAll(faceIds.Distinct().GroupBy(_map.ShardOf).Select(async shard =>
        {
            var count = 0;
            foreach (var chunk in shard.Chunk(FacesPerScript))
                count += await _shards[shard.Key].RemoveAsync(chunk);
            return count;
        }));
        return removed.Sum();
    }

    public async ValueTask<bool> SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken = default)
    {
        GalleryNames.CheckAll(galleries);
        return await _shards[_map.ShardOf(faceId)].SetGalleriesAsync(faceId, galleries, _options.VaddOptions);
    }

    public async ValueTask<int> DropGalleryAsync(string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        if (gallery == GalleryNames.Default)
            throw new ArgumentException($"Gallery '{GalleryNames.Default}' holds every face and cannot be dropped.");
        return (await Task.WhenAll(_shards.Select(shard => shard.DropGalleryAsync(gallery)))).Sum();
    }

    public async ValueTask<IndexSearch> SearchShardsAsync(IReadOnlyList<float[]> queries, string gallery, int n, float minSimilarity,
        bool? strict, bool linear = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        GalleryNames.Check(gallery);
        // An index that holds no face yet knows no facen length: the shards are still asked, since only their answers tell
        // an empty index from one that cannot be reached (a missing set answers VSIM with no element).
        if (await DimensionAsync(cancellationToken) is var dimension and > 0)
            foreach (var query in queries)
                FacenShape.Check(query, dimension);

        var answers = await Task.WhenAll(_shards.Select(shard =>
            AnswerAsync(shard.SearchAsync(queries, gallery, n, _options.SearchEf, linear), cancellationToken)));
        var live = answers.Count(answer => answer is not null);
        // With no shard answering there is no answer at all, whatever strict says: an empty one would read "nobody".
        if (live == 0 || live < _shards.Length && (strict ?? !_options.IgnoreSearchErrors))
            throw new ShardsUnavailableException(live, _shards.Length);

        var matches = new IReadOnlyList<FacenMatch>[queries.Count];
        for (var q = 0; q < queries.Count; q++)
            matches[q] = [.. answers.OfType<FacenMatch[][]>().SelectMany(answer => answer[q])
                .Where(match => match.Similarity >= minSimilarity)
                .OrderByDescending(match => match.Similarity).ThenBy(match => match.FaceId)
                .Take(n)];
        return new IndexSearch(matches, live, _shards.Length, !linear);
    }

    public async ValueTask<int> CountAsync(CancellationToken cancellationToken = default) =>
        (await Task.WhenAll(_shards.Select(shard => shard.CountAsync()))).Sum();

    public async ValueTask<IReadOnlyList<ShardStats>> StatsAsync(CancellationToken cancellationToken = default)
    {
        return await Task.WhenAll(_shards.Select(async shard =>
            await AnswerAsync(shard.StatsAsync(), cancellationToken) is { } galleries
                ? new ShardStats(shard.Endpoint, true, Space, [.. galleries.OrderBy(g => g.Name != GalleryNames.Default)
                    .ThenBy(g => g.Name, StringComparer.Ordinal)])
                : new ShardStats(shard.Endpoint, false, Space, [])));
    }

    public async ValueTask<bool> AddToGalleryAsync(long faceId, float[] facen, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        FacenShape.Check(facen, await DimensionAsync() is var known and > 0 ? known : facen.Length);
        if (facen.Length == 0)
            throw new FacenShapeException("A facen needs at least one element.");
        var added = await _shards[_map.ShardOf(faceId)].AddToGalleryAsync(faceId, facen, gallery, _options.VaddOptions);
        _dimension = facen.Length;
        return added;
    }

    public async ValueTask<float[]?> GetFacenAsync(long faceId, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        return await _shards[_map.ShardOf(faceId)].GetFacenAsync(faceId, gallery);
    }

    public async ValueTask<bool> RemoveFromGalleryAsync(long faceId, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        return await _shards[_map.ShardOf(faceId)].RemoveFromGalleryAsync(faceId, gallery);
    }

    public async ValueTask<IReadOnlyList<GalleryFacen>> ListAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // Their facens are read only for the page kept.
        var ids = await ListIdsAsync(gallery, startId, count, cancellationToken);
        var facens = await Task.WhenAll(ids.Select(id => _shards[_map.ShardOf(id)].GetFacenAsync(id, gallery)));
        // A face removed between the two reads is left out.
        return [.. ids.Zip(facens).Where(face => face.Second is not null).Select(face => new GalleryFacen(face.First, face.Second!))];
    }

    public async ValueTask<IReadOnlyList<long>> ListIdsAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // Each shard's first ids hold the gallery's first ids.
        return [.. (await Task.WhenAll(_shards.Select(shard => shard.ListIdsAsync(gallery, startId, count)))).SelectMany(page => page)
            .Order().Take(count)];
    }

    public void Dispose()
    {
        foreach (var shard in _shards)
            shard.Dispose();
    }

    /// <summary>A shard's answer, or null when it cannot be reached or does not answer within
    /// <see cref="RedisIndexOptions.ShardTimeoutMs"/> (a shard that refuses the command still throws).</summary>
    private async Task<T?> AnswerAsync<T>(Task<T> ask, CancellationToken cancellationToken)
    {
        try
        {
            return await ask.WaitAsync(TimeSpan.FromMilliseconds(_options.ShardTimeoutMs), cancellationToken);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or TimeoutException)
        {
            return default;
        }
    }

    /// <summary>The facen length of the index: learnt from the first shard that holds faces, then remembered; 0 while no
    /// shard that answers holds any.</summary>
    private async Task<int> DimensionAsync(CancellationToken cancellationToken = default)
    {
        if (_dimension > 0)
            return _dimension;
        foreach (var shard in _shards)
        {
            // A shard that does not answer may be the one that knows; a search then counts it out.
            if (await AnswerAsync(shard.DimensionAsync(), cancellationToken) is var dimension and > 0)
                return _dimension = dimension;
        }
        return 0;
    }
}
