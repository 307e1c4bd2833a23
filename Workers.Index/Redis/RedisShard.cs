using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Contracts.Index;
using StackExchange.Redis;

namespace Workers.Index.Redis;

/// <summary>One Redis 8 server holding the vector sets of its cells' faces (<see cref="ShardScripts"/> names the keys).</summary>
internal sealed class RedisShard : IDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;

    public RedisShard(string endpoint, string? password, bool ssl)
    {
        var configuration = ConfigurationOptions.Parse(endpoint);
        configuration.Password = password;
        configuration.Ssl = ssl;
        // A shard that is down must not stop the others starting, nor hold a search in a backlog: its commands fail at
        // once and the multiplexer reconnects in the background when it is back.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        Endpoint = endpoint;
        _connection = ConnectionMultiplexer.Connect(configuration);
        _database = _connection.GetDatabase();
    }

    public string Endpoint { get; }

    public async Task<int> AddAsync(IReadOnlyList<IndexedFacen> faces, string vaddOptions)
    {
        var arguments = new List<RedisValue> { vaddOptions };
        foreach (var face in faces)
        {
            arguments.Add(Element(face.FaceId));
            arguments.Add(Blob(face.Facen));
            arguments.Add(string.Join(',', GalleryNames.Named(face.Galleries)));
        }
        arguments.Add(CellsOf(faces.Select(face => face.FaceId)));
        return (int)await _database.ScriptEvaluateAsync(ShardScripts.Add, values: [.. arguments]);
    }

    public async Task<int> RemoveAsync(IReadOnlyCollection<long> faceIds) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.Remove, values: [.. faceIds.Select(Element), CellsOf(faceIds)]);

    /// <summary>Removes faces whatever cells the shard owns (<see cref="ShardScripts.RemoveCopies"/>).</summary>
    public async Task<int> RemoveCopiesAsync(IEnumerable<long> faceIds) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.RemoveCopies, values: [.. faceIds.Select(Element)]);

    public async Task<bool> SetGalleriesAsync(long faceId, IEnumerable<string> galleries, string vaddOptions) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.SetGalleries,
            values: [vaddOptions, Element(faceId), string.Join(',', GalleryNames.Named(galleries)), CellsOf([faceId])]) == 1;

    public async Task<int> DropGalleryAsync(string gallery) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.DropGallery, values: [gallery]);

    // Gallery sizes for Index:Search "Auto", read again after this long: a size near the limit may scan a little longer or
    // walk the graph a little sooner than the limit says, which costs no match.
    private static readonly TimeSpan SizeLifetime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (long Size, DateTime Read)> _gallerySizes = new();

    /// <summary>How many faces the gallery's set holds here, as read within the last <see cref="SizeLifetime"/>.</summary>
    public async Task<long> GallerySizeAsync(string gallery)
    {
        if (_gallerySizes.TryGetValue(gallery, out var known) && DateTime.UtcNow - known.Read < SizeLifetime)
            return known.Size;
        var size = (long)await _database.ExecuteAsync("VCARD", ShardScripts.KeyPrefix + gallery);
        _gallerySizes[gallery] = (size, DateTime.UtcNow);
        return size;
    }

    public async Task<int> CountAsync() => (int)await _database.ExecuteAsync("VCARD", ShardScripts.DefaultKey);

    public async Task<bool> AddToGalleryAsync(long faceId, float[] facen, string gallery, string vaddOptions) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.AddToGallery, values: [vaddOptions, Element(faceId), Blob(facen), gallery, CellsOf([faceId])]) == 1;

    public async Task<bool> RemoveFromGalleryAsync(long faceId, string gallery) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.RemoveFromGallery, values: [Element(faceId), gallery, CellsOf([faceId])]) == 1;

    /// <summary>The facen of a face of the gallery as the set keeps it (VEMB: approximate when quantised); null when it is not there.</summary>
    public async Task<float[]?> GetFacenAsync(long faceId, string gallery)
    {
        var reply = await _database.ScriptEvaluateAsync(ShardScripts.GetFacen, values: [Element(faceId), gallery, CellsOf([faceId])]);
        return reply.IsNull ? null : [.. ((RedisResult[])reply!).Select(value => (float)(double)value)];
    }

    /// <summary>The faces of the ids the shard holds, with their named galleries and facens as the set keeps them: the values VEMB
    /// gives (lossless to add again with the same quantisation: an int8 facen read back and quantised again gives the same bytes).</summary>
    public async Task<IndexedFacen[]> ExportAsync(IEnumerable<long> faceIds) =>
        Faces((RedisResult[])(await _database.ScriptEvaluateAsync(ShardScripts.Export, values: [.. faceIds.Select(Element)]))!);

    /// <summary>The faces of an export (<see cref="ShardScripts.Export"/>'s reply) with their facens as VEMB gives them.</summary>
    private static IndexedFacen[] Faces(RedisResult[] reply) =>
        [.. reply.Select(face => (RedisResult[])face!).Select(face => new IndexedFacen(
            long.Parse((string)face[0]!, CultureInfo.InvariantCulture),
            StoredFacen((string)face[2]!, (byte[])face[3]!, (float)(double)face[4], (float)(double)face[5], (int)face[6]),
            ((string)face[1]!).Split(',', StringSplitOptions.RemoveEmptyEntries)))];

    /// <summary>A facen from what VEMB RAW gives, computed as Redis 8.0's VEMB computes its values (hnsw.c, hnsw_get_node_vector),
    /// in the same float operations, so that the values are the same to the bit: int8 values times their range over 127, or the
    /// float32 values, times the facen's norm (the set keeps facens normalised); BIN's bits as +1 and -1.</summary>
    private static float[] StoredFacen(string quantisation, byte[] stored, float norm, float range, int dimension)
    {
        switch (quantisation)
        {
            case "int8":
                var facen = new float[stored.Length];
                for (var k = 0; k < facen.Length; k++)
                    facen[k] = (float)(sbyte)stored[k] * range / 127 * norm;
                return facen;
            case "f32":
                var values = MemoryMarshal.Cast<byte, float>(stored).ToArray();
                for (var k = 0; k < values.Length; k++)
                    values[k] *= norm;
                return values;
            case "bin":
                return [.. Enumerable.Range(0, dimension).Select(k => (stored[k / 8] >> (k % 8) & 1) == 1 ? 1f : -1f)];
            default:
                throw new InvalidOperationException($"VEMB RAW answered quantisation '{quantisation}', which this index does not read.");
        }
    }

    /// <summary>Every face id of the shard (gallery "default"), in no order, read in one command.</summary>
    /// <remarks>VRANDMEMBER with a count of at least the set's size returns the whole set (vset.c caps the count to the size).
    /// Counting first (VCARD) and then asking for that many is two commands: a face added between them makes the count smaller
    /// than the set, and VRANDMEMBER then walks the set from a random element and leaves the last ones out. The reshard command
    /// listed a frozen batch that way while enrollments went on in the shard's other cells, and lost the faces left out.</remarks>
    public async Task<long[]> AllIdsAsync() =>
        Ids((RedisResult[])(await _database.ExecuteAsync("VRANDMEMBER", ShardScripts.DefaultKey, long.MaxValue))!);

    /// <summary>Where the shard's change feed ends now (<see cref="ShardScripts.FeedPosition"/>).</summary>
    public async Task<FeedPosition> FeedPositionAsync()
    {
        var reply = (RedisResult[])(await _database.ScriptEvaluateAsync(ShardScripts.FeedPosition))!;
        return new FeedPosition((string)reply[0]!, (long)reply[1]);
    }

    /// <summary>What changed on the shard since <paramref name="seen"/>, read at one moment with the shard map's version; or, when
    /// entries after <paramref name="seen"/> are gone or more than <paramref name="mostEntries"/>, no changes and which of the two
    /// (<see cref="CopyLoads.Trimmed"/>, <see cref="CopyLoads.Behind"/>; <see cref="ShardScripts.Changes"/>).</summary>
    public async Task<(FeedChanges? Changes, string? Gap)> ChangesAsync(FeedPosition seen, int mostEntries)
    {
        var reply = (RedisResult[])(await _database.ScriptEvaluateAsync(ShardScripts.Changes, values: [seen.LastId, seen.Entries, mostEntries]))!;
        var (version, added) = ((long)reply[0], (long)reply[1]);
        if (added < 0)
            return (null, added == -1 ? CopyLoads.Trimmed : CopyLoads.Behind);
        return (new FeedChanges(version, new FeedPosition((string)reply[2]!, added),
            [.. ((RedisResult[])reply[3]!).Select(gallery => (string)gallery!)], Faces((RedisResult[])reply[4]!),
            Ids((RedisResult[])reply[5]!)), null);
    }

    /// <summary>The shard map the shard holds, or null when none was stored (the configured map is the one).</summary>
    public async Task<ShardMap?> ReadMapAsync()
    {
        var text = await _database.HashGetAsync(ShardScripts.MapKey, "map");
        return text.IsNullOrEmpty ? null : ShardMap.Parse(text!);
    }

    /// <summary>The version of the shard map the shard holds; 0 when none was stored (the configured map's).</summary>
    private async Task<long> MapVersionAsync() =>
        await _database.HashGetAsync(ShardScripts.MapKey, "version") is { IsNull: false } version ? (long)version : 0;

    public Task StoreMapAsync(ShardMap map) =>
        _database.ScriptEvaluateAsync(ShardScripts.StoreMap, values: [map.Version, map.ToText()]);

    /// <summary>Freezes the cells (<see cref="ShardScripts.Freeze"/>) and returns the ids of the faces the shard holds in them,
    /// listed in the same script: none is added or removed here from then on.</summary>
    public async Task<long[]> FreezeAsync(IReadOnlyCollection<int> cells)
    {
        var frozen = cells.ToHashSet();
        var ids = Ids((RedisResult[])(await _database.ScriptEvaluateAsync(ShardScripts.Freeze, values: [.. cells.Select(Cell)]))!);
        return [.. ids.Where(id => frozen.Contains(ShardMap.CellOf(id)))];
    }

    public Task ThawAsync(IEnumerable<int> cells) => _database.ScriptEvaluateAsync(ShardScripts.Thaw, values: [.. cells.Select(Cell)]);

    public Task GiveCellsAsync(ShardMap map, string endpoint, IEnumerable<int> cells) =>
        _database.ScriptEvaluateAsync(ShardScripts.GiveCells, values: [map.Version, map.ToText(), endpoint, .. cells.Select(Cell)]);

    public Task TakeCellsAsync(ShardMap map, IEnumerable<int> cells) =>
        _database.ScriptEvaluateAsync(ShardScripts.TakeCells, values: [map.Version, map.ToText(), .. cells.Select(Cell)]);

    /// <summary>The gallery's smallest <paramref name="count"/> face ids from <paramref name="startId"/> up, in order, and the
    /// shard map's version after them (as <see cref="SearchAsync"/>).</summary>
    public async Task<(long[] Value, long MapVersion)> ListIdsAsync(string gallery, long startId, int count)
    {
        var listing = _database.ScriptEvaluateAsync(ShardScripts.ListIds, values: [gallery, Element(Math.Max(0, startId)), count]);
        var version = MapVersionAsync();
        var reply = (RedisResult[])(await listing)!;
        return ([.. reply.Select(id => long.Parse((string)id!, CultureInfo.InvariantCulture))], await version);
    }

    /// <summary>Every gallery set of the shard with what VINFO says of it.</summary>
    public async Task<GalleryStats[]> StatsAsync()
    {
        var reply = (RedisResult[])(await _database.ScriptEvaluateAsync(ShardScripts.Stats))!;
        return [.. reply.Select(set => (RedisResult[])set!).Select(set =>
            new GalleryStats((string)set[0]!, (long)set[1], (int)set[2], (string)set[3]!))];
    }

    /// <summary>The facen length of the shard's faces; 0 while it holds none.</summary>
    public async Task<int> DimensionAsync()
    {
        var result = await _database.ExecuteAsync("EXISTS", ShardScripts.DefaultKey);
        return (int)result == 0 ? 0 : (int)await _database.ExecuteAsync("VDIM", ShardScripts.DefaultKey);
    }

    /// <summary>The shard's best <paramref name="n"/> faces of the gallery for each query, with Redis's similarity
    /// ((1 + cosine) / 2, in [0, 1]) turned back into cosine.</summary>
    /// <param name="linear">Scan every element (VSIM TRUTH) instead of walking the HNSW graph.</param>
    /// <returns>The matches, and the version of the shard map the shard held when it had answered them: the map is asked after
    /// the searches on the same connection, so a map version no newer than the searcher's says that the searches ran before
    /// any cell of that map's next version left the shard.</returns>
    public async Task<ShardAnswer> SearchAsync(IReadOnlyList<float[]> queries, string gallery, int n, int ef,
        bool linear)
    {
        var searches = Task.WhenAll(queries.Select(async query =>
        {
            object[] arguments = [ShardScripts.KeyPrefix + gallery, "FP32", Blob(query), "WITHSCORES", "COUNT", n, "EF", Math.Max(ef, n)];
            var reply = (RedisResult[])(await _database.ExecuteAsync("VSIM", linear ? [.. arguments, "TRUTH"] : arguments))!;
            var matches = new FacenMatch[reply.Length / 2];
            for (var i = 0; i < matches.Length; i++)
                matches[i] = new FacenMatch(long.Parse((string)reply[2 * i]!, CultureInfo.InvariantCulture),
                    (float)(2 * (double)reply[2 * i + 1] - 1));
            return matches;
        }));
        var version = MapVersionAsync();
        return new ShardAnswer(await searches, await version, !linear);
    }

    public void Dispose() => _connection.Dispose();

    private static long[] Ids(RedisResult[] elements) => [.. elements.Select(id => long.Parse((string)id!, CultureInfo.InvariantCulture))];

    private static RedisValue Element(long faceId) => faceId.ToString(CultureInfo.InvariantCulture);

    private static RedisValue Cell(int cell) => cell.ToString(CultureInfo.InvariantCulture);

    /// <summary>The cells of the faces as the write scripts' last argument: "17,503".</summary>
    private static RedisValue CellsOf(IEnumerable<long> faceIds) => string.Join(',', faceIds.Select(ShardMap.CellOf).Distinct());

    /// <summary>VADD and VSIM's FP32 form: the facen's float32 values as little-endian bytes, as .NET holds them here.</summary>
    private static RedisValue Blob(float[] facen) => MemoryMarshal.AsBytes(facen.AsSpan()).ToArray();
}

/// <summary>A shard's matches for each query of a search, and the version of the shard map it held after answering them.</summary>
/// <param name="Indexed">The HNSW graph answered, not a scan.</param>
internal sealed record ShardAnswer(FacenMatch[][] Matches, long MapVersion, bool Indexed);

/// <summary>A point of a shard's change feed: its last entry id then, and how many entries the feed had added up to it.</summary>
internal readonly record struct FeedPosition(string LastId, long Entries);

/// <summary>What changed on a shard after a feed position, as of one moment: where the feed ends, the galleries dropped, the faces
/// named by the entries as the shard holds them then (a face named but not held was removed), and the shard map's version.</summary>
internal sealed record FeedChanges(long MapVersion, FeedPosition Last, IReadOnlyList<string> DroppedGalleries, IndexedFacen[] Faces,
    long[] ChangedIds);
