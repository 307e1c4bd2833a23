using System.Collections.Concurrent;
using Contracts.Index;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Workers.Index.Maintenance;

namespace Workers.Index.Redis;

/// <summary>The cluster deployment's face index: Redis 8 vector sets (HNSW) on shards chosen by cell, searched on every
/// shard in parallel and merged.</summary>
/// <remarks>Approximate: HNSW may miss a true match (recall@10 measured in the specs), and with Q8 quantisation a
/// similarity is off by up to ~0.01. A shard is written only for its own faces; a search that a shard does not answer
/// within <see cref="RedisIndexOptions.ShardTimeoutMs"/> is answered by the others or fails, as strict asks.
/// The shard map is the configured one until the reshard command stores a newer one on the shards (<see cref="ShardMaintenance.ReshardAsync"/>):
/// it is read at first use, and again whenever a shard refuses a write to a cell it gave away (CELLMOVED) or answers a search
/// with a newer map's version, so that a face moving between shards is always found and always written where it is.</remarks>
public sealed class RedisFaceIndex : IFaceIndex, IDisposable
{
    // Faces per script call: enough to amortise a round trip, few enough not to hold a shard's searches up for long.
    private const int FacesPerScript = 32;

    // How often a search or listing is asked again for a newer map: a reshard moves a batch of cells in seconds, so more than
    // one newer map within one search means a run of tiny batches, and the last answer is as good as any.
    private const int MapRetries = 3;

    // How often a write to a cell being copied by the reshard command is tried again.
    private static readonly TimeSpan FrozenRetry = TimeSpan.FromMilliseconds(50);

    private readonly RedisIndexOptions _options;
    private readonly ConcurrentDictionary<string, RedisShard> _connections = new();
    private readonly ConcurrentDictionary<string, ShardCopy> _copies = new();
    private readonly ConcurrentDictionary<(string Shard, string Reason), long> _copyLoads = new();
    private readonly SemaphoreSlim _mapRead = new(1, 1);
    private volatile Topology _topology;
    private volatile bool _storedMapRead;
    private int _dimension;

    /// <summary>A shard map and a connection to each of its shards, by shard number, with whether the map gives it any cell (a
    /// shard whose cells were all moved away stays in the map's list, holding nothing).</summary>
    private sealed record Topology(ShardMap Map, RedisShard[] Shards)
    {
        public bool[] HoldsCells { get; } = [.. Shards.Select((_, shard) => Map.CellsOf(shard).Any())];
    }

    public string Space => IndexSpaces.Indexed;

    public RedisFaceIndex(IOptions<RedisIndexOptions> options) : this(options.Value, ShardMap.From(options.Value.Shards)) { }

    public RedisFaceIndex(RedisIndexOptions options, ShardMap map)
    {
        if (options.Quantisation is not ("Q8" or "NOQUANT" or "BIN"))
            throw new ArgumentException($"Quantisation '{options.Quantisation}' is not Q8, NOQUANT or BIN.");
        if (options.Search is not (SearchModes.Hnsw or SearchModes.Exact or SearchModes.Auto))
            throw new ArgumentException($"Index:Search '{options.Search}' is not {SearchModes.Hnsw}, {SearchModes.Exact} or {SearchModes.Auto}.");
        _options = options;
        _topology = Connect(map);
    }

    public bool IsPersistent => true;

    /// <summary>The settings it writes with, which the reshard command's copies take too.</summary>
    internal RedisIndexOptions Options => _options;

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
        var last = faces.GroupBy(face => face.FaceId).Select(group => group.Last()).ToList();
        await WriteAsync(last, face => face.FaceId, (shard, chunk) => shard.AddAsync(chunk, _options.VaddOptions), cancellationToken);
        _dimension = dimension;
        return faces.Count;
    }

    public async ValueTask<int> RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken = default) =>
        await WriteAsync(faceIds.Distinct().ToList(), id => id, (shard, chunk) => shard.RemoveAsync(chunk), cancellationToken);

    public async ValueTask<bool> SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken = default)
    {
        GalleryNames.CheckAll(galleries);
        return await OnShardOfAsync(faceId, shard => shard.SetGalleriesAsync(faceId, galleries, _options.VaddOptions), cancellationToken);
    }

    public async ValueTask<int> DropGalleryAsync(string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        if (gallery == GalleryNames.Default)
            throw new ArgumentException($"Gallery '{GalleryNames.Default}' holds every face and cannot be dropped.");
        return (await Task.WhenAll((await TopologyAsync()).Shards.Select(shard => shard.DropGalleryAsync(gallery)))).Sum();
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

        var (topology, answers) = await SearchEveryShardAsync(queries, gallery, n, minSimilarity, linear, cancellationToken);
        var live = answers.Count(answer => answer is not null);
        // With no shard answering there is no answer at all, whatever strict says: an empty one would read "nobody".
        if (live == 0 || live < topology.Shards.Length && (strict ?? !_options.IgnoreSearchErrors))
            throw new ShardsUnavailableException(live, topology.Shards.Length);

        // A face being moved by the reshard command is on two shards for a while: it counts once.
        var matches = new IReadOnlyList<FacenMatch>[queries.Count];
        for (var q = 0; q < queries.Count; q++)
            matches[q] = [.. answers.OfType<ShardAnswer>().SelectMany(answer => answer.Matches[q])
                .Where(match => match.Similarity >= minSimilarity)
                .OrderByDescending(match => match.Similarity).ThenBy(match => match.FaceId)
                .DistinctBy(match => match.FaceId)
                .Take(n)];
        return new IndexSearch(matches, live, topology.Shards.Length, answers.Any(answer => answer is { Indexed: true }));
    }

    public async ValueTask<int> CountAsync(CancellationToken cancellationToken = default) =>
        (await Task.WhenAll((await TopologyAsync()).Shards.Select(shard => shard.CountAsync()))).Sum();

    public async ValueTask<IReadOnlyList<ShardStats>> StatsAsync(CancellationToken cancellationToken = default)
    {
        return await Task.WhenAll((await TopologyAsync()).Shards.Select(async shard =>
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
        var added = await OnShardOfAsync(faceId, shard => shard.AddToGalleryAsync(faceId, facen, gallery, _options.VaddOptions), cancellationToken);
        _dimension = facen.Length;
        return added;
    }

    public async ValueTask<float[]?> GetFacenAsync(long faceId, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        return await OnShardOfAsync(faceId, shard => shard.GetFacenAsync(faceId, gallery), cancellationToken);
    }

    public async ValueTask<bool> RemoveFromGalleryAsync(long faceId, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        return await OnShardOfAsync(faceId, shard => shard.RemoveFromGalleryAsync(faceId, gallery), cancellationToken);
    }

    public async ValueTask<IReadOnlyList<GalleryFacen>> ListAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // Their facens are read only for the page kept.
        var ids = await ListIdsAsync(gallery, startId, count, cancellationToken);
        var facens = await Task.WhenAll(ids.Select(async id => await GetFacenAsync(id, gallery, cancellationToken)));
        // A face removed between the two reads is left out.
        return [.. ids.Zip(facens).Where(face => face.Second is not null).Select(face => new GalleryFacen(face.First, face.Second!))];
    }

    public async ValueTask<IReadOnlyList<long>> ListIdsAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // Each shard's first ids hold the gallery's first ids; a face being moved is on two shards and counts once. A shard
        // that answers with a newer map's version may have given faces to a shard this listing did not ask: it is asked again.
        for (var attempt = 0; ; attempt++)
        {
            var topology = await TopologyAsync();
            var pages = await Task.WhenAll(topology.Shards.Select(shard => shard.ListIdsAsync(gallery, startId, count)));
            if (attempt < MapRetries && pages.Any(page => page.MapVersion > topology.Map.Version))
            {
                await RefreshMapAsync();
                continue;
            }
            return [.. pages.SelectMany(page => page.Value).Distinct().Order().Take(count)];
        }
    }

    /// <summary>The faces each shard holds in cells of another shard (left by a reshard that stopped before removing its copies,
    /// or written behind the index's back), with the shard that holds them.</summary>
    internal async Task<IReadOnlyList<MisplacedFace>> ListMisplacedAsync()
    {
        var topology = await TopologyAsync();
        var held = await Task.WhenAll(topology.Shards.Select(shard => shard.AllIdsAsync()));
        return [.. held.SelectMany((ids, shard) => ids.Where(id => topology.Map.ShardOf(id) != shard)
            .Select(id => new MisplacedFace(topology.Shards[shard].Endpoint, id))).OrderBy(face => face.FaceId)];
    }

    /// <summary>Removes faces from a shard whatever cells it owns (the copies <see cref="ListMisplacedAsync"/> finds); returns how
    /// many were there.</summary>
    internal async Task<int> RemoveMisplacedAsync(string endpoint, IReadOnlyList<long> faceIds)
    {
        var shard = (await TopologyAsync()).Shards.Single(shard => shard.Endpoint == endpoint);
        var removed = 0;
        foreach (var chunk in faceIds.Chunk(FacesPerScript))
            removed += await shard.RemoveCopiesAsync(chunk);
        return removed;
    }

    /// <summary>The newest shard map, read from the shards now: the configured one, or a newer one the reshard command stored
    /// on them.</summary>
    public async Task<ShardMap> MapAsync()
    {
        await RefreshMapAsync();
        return _topology.Map;
    }

    /// <summary>A connection to a shard of this index's cluster, opened when it is new.</summary>
    internal RedisShard Shard(string endpoint) => _connections.GetOrAdd(endpoint, Open);

    /// <summary>This worker's int8 copy of a shard (<see cref="ShardCopy"/>), made when it is first asked for.</summary>
    internal ShardCopy CopyOf(RedisShard shard) => _copies.GetOrAdd(shard.Endpoint, endpoint => new ShardCopy(shard, _options.ExactDir,
        (copy, reason) =>
        {
            _copyLoads.AddOrUpdate((endpoint, reason), 1, (_, loads) => loads + 1);
            CopyLoaded?.Invoke(endpoint, copy, reason);
        }));

    /// <summary>Raised as each load of a shard's copy ends, once it is counted: the shard's endpoint, the copy, and the load's
    /// reason (<see cref="CopyLoads"/>).</summary>
    internal event Action<string, ShardCopy, string>? CopyLoaded;

    /// <summary>This worker's copies of shards now, by shard endpoint.</summary>
    internal IEnumerable<KeyValuePair<string, ShardCopy>> Copies => _copies;

    /// <summary>How many times each shard's copy was loaded, by reason (<see cref="CopyLoads"/>), since the index was made; a copy
    /// freed and made again keeps counting.</summary>
    internal IEnumerable<KeyValuePair<(string Shard, string Reason), long>> CopyLoadCounts => _copyLoads;

    /// <summary>Loads this worker's int8 copy of every shard it scans (<see cref="KeepShardCopiesAsync"/>) and waits for them, rather
    /// than leave each to its shard's first exact search; returns how many faces they hold and how long the slowest load took.</summary>
    public async Task<(int Faces, TimeSpan LoadTime)> LoadShardCopiesAsync()
    {
        var (kept, _) = await KeepShardCopiesAsync();
        await Task.WhenAll(kept.Select(copy => copy.LoadedAsync()));
        return (kept.Sum(copy => copy.Count), kept.Select(copy => copy.LoadTime).DefaultIfEmpty().Max());
    }

    /// <summary>One round of <see cref="ShardCopies"/>: reads the newest shard map, then frees the copy of every shard this worker
    /// no longer scans (it left the map, or under Auto it grew to <see cref="RedisIndexOptions.ExactLimit"/>) and starts loading, or
    /// brings up to date, the copy of every shard it scans (<see cref="KeepsCopyAsync"/>). A shard that does not answer keeps its
    /// copy as it is. Returns the copies kept, which may still be loading, and the endpoints of those freed.</summary>
    internal async Task<(IReadOnlyList<ShardCopy> Kept, IReadOnlyList<string> Freed)> KeepShardCopiesAsync()
    {
        if (!_options.ExactCopy)
            return ([], []);
        await RefreshMapAsync();
        var topology = _topology;
        async Task<bool?> KeepsAsync(RedisShard shard) => await KeepsCopyAsync(shard, topology);
        var keeps = await Task.WhenAll(topology.Shards.Select(shard => AnswerAsync(KeepsAsync(shard), CancellationToken.None)));
        var kept = topology.Shards.Where((_, shard) => keeps[shard] == true).Select(CopyOf).ToList();
        var scanned = topology.Shards.Where((_, shard) => keeps[shard] != false).Select(shard => shard.Endpoint).ToHashSet();
        var freed = new List<string>();
        foreach (var endpoint in _copies.Keys.Where(endpoint => !scanned.Contains(endpoint)))
        {
            if (!_copies.TryRemove(endpoint, out var copy))
                continue;
            // Its chunks are native memory: disposed, they go back to the system now, not at a collection.
            copy.Dispose();
            freed.Add(endpoint);
        }
        // A load or replay that fails (the shard went down) is tried again at the next round or search.
        await Task.WhenAll(kept.Select(async copy =>
        {
            try
            {
                await copy.RefreshAsync();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
            }
        }));
        return (kept, freed);
    }

    public void Dispose()
    {
        foreach (var copy in _copies.Values)
            copy.Dispose();
        foreach (var shard in _connections.Values)
            shard.Dispose();
    }

    private async Task<(Topology Topology, ShardAnswer?[] Answers)> SearchEveryShardAsync(IReadOnlyList<float[]> queries, string gallery,
        int n, float minSimilarity, bool linear, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var topology = await TopologyAsync();
            // The gallery's size (for Auto) and the search share the shard's time limit. The exact path is the shard's copy in
            // this worker once it is loaded, Redis's own scan until then.
            async Task<ShardAnswer> SearchShardAsync(RedisShard shard)
            {
                if (!linear && !await ScansAsync(shard, gallery))
                    return await shard.SearchAsync(queries, gallery, n, _options.SearchEf, linear: false);
                if (await KeepsCopyAsync(shard, topology) && await CopyOf(shard).SearchAsync(queries, gallery, n, minSimilarity) is { } copied)
                    return copied;
                return await shard.SearchAsync(queries, gallery, n, _options.SearchEf, linear: true);
            }
            var answers = await Task.WhenAll(topology.Shards.Select(shard => AnswerAsync(SearchShardAsync(shard), cancellationToken)));
            if (attempt < MapRetries && answers.Any(answer => answer?.MapVersion > topology.Map.Version))
            {
                await RefreshMapAsync();
                continue;
            }
            return (topology, answers);
        }
    }

    /// <summary>Whether <see cref="RedisIndexOptions.Search"/> has the shard scan the gallery rather than walk its graph.</summary>
    private async Task<bool> ScansAsync(RedisShard shard, string gallery) => _options.Search switch
    {
        SearchModes.Exact => true,
        SearchModes.Hnsw => false,
        _ => await shard.GallerySizeAsync(gallery) < _options.ExactLimit,
    };

    /// <summary>Whether this worker keeps a copy of the shard (<see cref="RedisIndexOptions.ExactCopy"/>): of a shard that holds cells
    /// in the map and that <see cref="RedisIndexOptions.Search"/> scans whole (Exact, or Auto below the limit). A shard it keeps no copy
    /// of is scanned by Redis (VSIM TRUTH) when a search asks for a scan (linear_search, or under Auto a gallery below the limit on a
    /// larger shard): a copy loaded for those would be freed by the next round of <see cref="ShardCopies"/>, and loaded again.</summary>
    private async Task<bool> KeepsCopyAsync(RedisShard shard, Topology topology) =>
        _options.ExactCopy && Array.IndexOf(topology.Shards, shard) is var number and >= 0 && topology.HoldsCells[number]
        && await ScansAsync(shard, GalleryNames.Default);

    /// <summary>Writes items on the shards of their faces' cells, <see cref="FacesPerScript"/> at a time, and adds up what the
    /// writes return. A shard that refuses a chunk because a cell moved (CELLMOVED) or is being copied (CELLFROZEN) changed
    /// nothing: the chunk is written again under the newer map, waiting for a frozen cell up to
    /// <see cref="RedisIndexOptions.FrozenCellWaitMs"/>.</summary>
    private async Task<int> WriteAsync<T>(IReadOnlyCollection<T> items, Func<T, long> faceIdOf, Func<RedisShard, T[], Task<int>> write,
        CancellationToken cancellationToken, DateTime? waitUntil = null)
    {
        var topology = await TopologyAsync();
        var counts = await Task.WhenAll(items.GroupBy(item => topology.Map.ShardOf(faceIdOf(item))).Select(async shard =>
        {
            var count = 0;
            foreach (var chunk in shard.Chunk(FacesPerScript))
            {
                try
                {
                    count += await write(topology.Shards[shard.Key], chunk);
                }
                catch (RedisServerException e) when (CellRefusal.Of(e) is { } refusal)
                {
                    var until = waitUntil ?? DateTime.UtcNow.AddMilliseconds(_options.FrozenCellWaitMs);
                    await AfterRefusalAsync(refusal, until, cancellationToken);
                    count += await WriteAsync(chunk, faceIdOf, write, cancellationToken, until);
                }
            }
            return count;
        }));
        return counts.Sum();
    }

    /// <summary>A write or read of one face on the shard of its cell, under the newest map (as <see cref="WriteAsync{T}"/>).</summary>
    private async Task<T> OnShardOfAsync<T>(long faceId, Func<RedisShard, Task<T>> operation, CancellationToken cancellationToken)
    {
        DateTime? until = null;
        while (true)
        {
            var topology = await TopologyAsync();
            try
            {
                return await operation(topology.Shards[topology.Map.ShardOf(faceId)]);
            }
            catch (RedisServerException e) when (CellRefusal.Of(e) is { } refusal)
            {
                until ??= DateTime.UtcNow.AddMilliseconds(_options.FrozenCellWaitMs);
                await AfterRefusalAsync(refusal, until.Value, cancellationToken);
            }
        }
    }

    private async Task AfterRefusalAsync(CellRefusal refusal, DateTime until, CancellationToken cancellationToken)
    {
        if (refusal.Frozen)
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Cell {refusal.Cell} was being moved to another shard for longer than " +
                    $"{_options.FrozenCellWaitMs} ms (Index:FrozenCellWaitMs): is a reshard command stopped half way? Run it again.");
            await Task.Delay(FrozenRetry, cancellationToken);
        }
        await RefreshMapAsync();
    }

    private async Task<Topology> TopologyAsync()
    {
        if (!_storedMapRead)
            await RefreshMapAsync();
        return _topology;
    }

    /// <summary>Takes the newest map stored on the shards, when it is newer than the one in use; a shard that does not answer
    /// is skipped, since each shard of a map holds it.</summary>
    private async Task RefreshMapAsync()
    {
        await _mapRead.WaitAsync();
        try
        {
            var topology = _topology;
            var stored = await Task.WhenAll(topology.Shards.Select(shard => AnswerAsync(shard.ReadMapAsync(), CancellationToken.None)));
            if (stored.OfType<ShardMap>().MaxBy(map => map.Version) is { } newest && newest.Version > topology.Map.Version)
                _topology = Connect(newest);
            _storedMapRead = true;
        }
        finally
        {
            _mapRead.Release();
        }
    }

    private Topology Connect(ShardMap map) => new(map, [.. map.Endpoints.Select(endpoint => _connections.GetOrAdd(endpoint, Open))]);

    /// <summary>A connection to a shard: with its configured settings, or for a shard added by the reshard command, the first
    /// configured shard's (the shards of one cluster share their password and TLS setting).</summary>
    private RedisShard Open(string endpoint) =>
        (_options.Shards.FirstOrDefault(shard => shard.Endpoint == endpoint) ?? _options.Shards.FirstOrDefault()) is { } configured
            ? new RedisShard(endpoint, configured.Password, configured.Ssl)
            : new RedisShard(endpoint, password: null, ssl: false);

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
        foreach (var shard in (await TopologyAsync()).Shards)
        {
            // A shard that does not answer may be the one that knows; a search then counts it out.
            if (await AnswerAsync(shard.DimensionAsync(), cancellationToken) is var dimension and > 0)
                return _dimension = dimension;
        }
        return 0;
    }
}

/// <summary>A shard's refusal of a write to a cell it does not own (<see cref="ShardScripts"/>' check).</summary>
internal sealed record CellRefusal(int Cell, bool Frozen)
{
    public static CellRefusal? Of(RedisServerException e)
    {
        var words = e.Message.Split(' ', 3);
        return words.Length >= 2 && words[0] is "CELLMOVED" or "CELLFROZEN" && int.TryParse(words[1], out var cell)
            ? new CellRefusal(cell, words[0] == "CELLFROZEN")
            : null;
    }
}
