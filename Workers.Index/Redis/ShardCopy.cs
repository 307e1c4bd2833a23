using System.Diagnostics;
using Contracts.Index;
using Workers.Index.Exact;

namespace Workers.Index.Redis;

/// <summary>An int8 copy of one shard's faces in this worker (an <see cref="ExactFaceIndex"/>: the facens as the shard returns them,
/// by face id, with their galleries), which the exact path scans instead of having Redis score every face (VSIM TRUTH): measured
/// 6x faster over 57,700 faces a shard (docs/cluster-performance.md, "Exact or HNSW per shard").</summary>
/// <remarks>Loaded from the shard when the worker starts (<see cref="ShardCopies"/>) or at its first exact search, after noting where
/// the shard's change feed ends (<see cref="ShardScripts.FeedKey"/>); until it is loaded, and while it loads again, its searches
/// are left to VSIM TRUTH. Before each search, and at each of <see cref="ShardCopies"/>' rounds, it replays the feed from the last
/// entry it saw, in one script that reads the faces named as they are now (a face no longer there is removed) and the galleries
/// dropped. So a search sees every change any worker made before it began, as a
/// search in Redis would. When entries it has not seen are gone from the feed (trimmed, or the shard emptied), or are more than
/// <see cref="MostEntries"/>, it loads the shard again. The shard map's version is read in that same script and the scan follows
/// with no change in between (one search or replay at a time): a version no newer than the searcher's map then says that no
/// cell had left the shard when the copy was brought up to date, as <see cref="RedisShard.SearchAsync"/>'s answer says of the
/// shard's own scan, so a reshard under the copy loses no face from a search.
/// The facens are those the shard keeps: with Q8 (the default) VEMB gives back each facen's int8 values times its scale, so
/// the copy's exact answer is exact over the shard's quantised facens, as VSIM TRUTH's is; with NOQUANT it is exact over the
/// float32 facens enrolled.</remarks>
internal sealed class ShardCopy(RedisShard shard, string? folder, Action<ShardCopy, string> loaded) : IDisposable
{
    // Faces per read from the shard (Export script): large enough to amortise a round trip, small enough not to hold the
    // shard's other commands up for long.
    private const int FacesPerRead = 256;
    private const int ReadsInFlight = 4;

    // Feed entries a search replays at most (scripts of up to 32 faces, read with their facens in the replay's one script, which
    // holds the shard up meanwhile): a copy further behind loads the shard again, in the background, at ~28,000 faces/s.
    private const int MostEntries = 256;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _gate = new();
    private Task? _loading;
    private string _loadReason = CopyLoads.Start;
    private volatile ExactFaceIndex? _faces;
    private volatile CopySize _size = CopySize.None;
    private FeedPosition _seen;
    private volatile bool _disposed;

    /// <summary>How many faces the copy holds now; 0 while it is not loaded.</summary>
    public int Count => _size.Faces;

    /// <summary>The memory its rows take (<see cref="ExactFaceIndex.Bytes"/>); 0 while it is not loaded, and once it is disposed.</summary>
    public long Bytes => _size.Bytes;

    /// <summary>How many feed entries its last replay read: how far behind the shard it had fallen since the replay before (a search,
    /// or <see cref="ShardCopies"/>' round).</summary>
    public long Lag { get; private set; }

    /// <summary>Whether it is loaded and not disposed.</summary>
    public bool IsLoaded => _faces is not null;

    /// <summary>How long the last load from the shard took.</summary>
    public TimeSpan LoadTime { get; private set; }

    /// <summary>Completes when the copy is loaded (starting the load if it is not loaded nor loading); at once when it is disposed.</summary>
    public Task LoadedAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return Task.CompletedTask;
            if (_loading is null || _loading.IsFaulted)
            {
                var reason = _loadReason;
                _loading = Task.Run(() => LoadAsync(reason));
            }
            return _loading;
        }
    }

    /// <summary>The copy's best <paramref name="n"/> faces of the gallery for each query (float32 similarities over the shard's
    /// facens), with the shard map's version; null while the copy is not loaded (it starts loading).</summary>
    public async Task<ShardAnswer?> SearchAsync(IReadOnlyList<float[]> queries, string gallery, int n, float minSimilarity)
    {
        if (_faces is null)
        {
            _ = LoadedAsync();
            return null;
        }
        await _turn.WaitAsync();
        try
        {
            if (_faces is not { } faces || await CatchUpAsync(faces) is not { } mapVersion)
                return null;
            var search = await faces.SearchShardsAsync(queries, gallery, n, minSimilarity, strict: true);
            return new ShardAnswer([.. search.Matches.Select(matches => matches.ToArray())], mapVersion, Indexed: false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Brings a loaded copy up to what the shard holds now, as a search would, or starts loading one that is not loaded: so
    /// that a copy searched seldom does not fall past the feed's trim and load the whole shard again at its next search.</summary>
    public async Task RefreshAsync()
    {
        if (_faces is null)
        {
            await LoadedAsync();
            return;
        }
        await _turn.WaitAsync();
        try
        {
            if (_faces is { } faces)
                await CatchUpAsync(faces);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose()
    {
        _turn.Wait();
        try
        {
            _disposed = true;
            _faces?.Dispose();
            _faces = null;
            _size = CopySize.None;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task LoadAsync(string reason)
    {
        var clock = Stopwatch.StartNew();
        // Noted before the faces are read: a change made while they are read is replayed after.
        var position = await shard.FeedPositionAsync();
        var faces = new ExactFaceIndex(folder);
        try
        {
            // A few reads in flight: the shard reads the next faces while these are parsed and quantised here.
            var reads = new Queue<Task<IndexedFacen[]>>();
            foreach (var chunk in (await shard.AllIdsAsync()).Chunk(FacesPerRead))
            {
                reads.Enqueue(shard.ExportAsync(chunk));
                if (reads.Count == ReadsInFlight)
                    await faces.AddAsync(await reads.Dequeue());
            }
            while (reads.Count > 0)
                await faces.AddAsync(await reads.Dequeue());
        }
        catch
        {
            faces.Dispose();
            throw;
        }
        await _turn.WaitAsync();
        try
        {
            if (_disposed)
            {
                faces.Dispose();
                return;
            }
            (_faces, _seen, LoadTime, Lag) = (faces, position, clock.Elapsed, 0);
            _size = await CopySize.OfAsync(faces);
        }
        finally
        {
            _turn.Release();
        }
        loaded(this, reason);
    }

    /// <summary>Drops the copy and loads it again in the background; called with the turn held.</summary>
    private void Reload(string reason)
    {
        _faces?.Dispose();
        _faces = null;
        _size = CopySize.None;
        lock (_gate)
            (_loading, _loadReason) = (null, reason);
        _ = LoadedAsync();
    }

    /// <summary>Brings the copy up to what the shard holds now, from the feed's entries since the last one seen, read in one script;
    /// returns the shard map's version read in it, or null when the feed no longer holds every entry since, or holds too many: the
    /// copy is then dropped and loads again. Called with the turn held.</summary>
    private async Task<long?> CatchUpAsync(ExactFaceIndex faces)
    {
        var (changes, gap) = await shard.ChangesAsync(_seen, MostEntries);
        if (changes is null)
        {
            Reload(gap!);
            return null;
        }
        // The faces come as they are after every entry, galleries dropped included: the drops go first, then a face named by an
        // entry takes its galleries of now, among them a dropped gallery it joined again.
        foreach (var gallery in changes.DroppedGalleries)
            await faces.DropGalleryAsync(gallery);
        await faces.AddAsync(changes.Faces);
        await faces.RemoveAsync([.. changes.ChangedIds.Except(changes.Faces.Select(face => face.FaceId))]);
        (Lag, _seen) = (changes.Last.Entries - _seen.Entries, changes.Last);
        _size = await CopySize.OfAsync(faces);
        return changes.MapVersion;
    }

    /// <summary>Faces and bytes of a copy, read when it changes (under the turn), so that a metrics scrape reads them without
    /// touching an index that a reload may be disposing.</summary>
    private sealed record CopySize(int Faces, long Bytes)
    {
        public static readonly CopySize None = new(0, 0);

        public static async Task<CopySize> OfAsync(ExactFaceIndex faces) => new(await faces.CountAsync(), faces.Bytes);
    }
}

/// <summary>Why a shard's copy was loaded: the tag <c>reason</c> of <c>facepipe.index.copy.loads</c>.</summary>
internal static class CopyLoads
{
    /// <summary>Its first load: at the worker's start, or when its shard came to be scanned.</summary>
    public const string Start = "start";

    /// <summary>Feed entries it had not replayed were gone: trimmed (~10,000 write scripts since it last replayed) or the shard emptied.</summary>
    public const string Trimmed = "trimmed";

    /// <summary>More feed entries than a replay reads (<see cref="ShardCopy"/>' MostEntries) had come since it last replayed.</summary>
    public const string Behind = "behind";
}
