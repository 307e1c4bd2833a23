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

    public async Task<int> AddAsync(IEnumerable<IndexedFacen> faces, string vaddOptions)
    {
        var arguments = new List<RedisValue> { vaddOptions };
        foreach (var face in faces)
        {
            arguments.Add(Element(face.FaceId));
            arguments.Add(Blob(face.Facen));
            arguments.Add(string.Join(',', GalleryNames.Named(face.Galleries)));
        }
        return (int)await _database.ScriptEvaluateAsync(ShardScripts.Add, values: [.. arguments]);
    }

    public async Task<int> RemoveAsync(IEnumerable<long> faceIds) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.Remove, values: [.. faceIds.Select(Element)]);

    public async Task<bool> SetGalleriesAsync(long faceId, IEnumerable<string> galleries, string vaddOptions) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.SetGalleries,
            values: [vaddOptions, Element(faceId), string.Join(',', GalleryNames.Named(galleries))]) == 1;

    public async Task<int> DropGalleryAsync(string gallery) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.DropGallery, values: [gallery]);

    public async Task<int> CountAsync() => (int)await _database.ExecuteAsync("VCARD", ShardScripts.DefaultKey);

    public async Task<bool> AddToGalleryAsync(long faceId, float[] facen, string gallery, string vaddOptions) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.AddToGallery, values: [vaddOptions, Element(faceId), Blob(facen), gallery]) == 1;

    public async Task<bool> RemoveFromGalleryAsync(long faceId, string gallery) =>
        (int)await _database.ScriptEvaluateAsync(ShardScripts.RemoveFromGallery, values: [Element(faceId), gallery]) == 1;

    /// <summary>The facen of a face of the gallery as the set keeps it (VEMB: approximate when quantised); null when it is not there.</summary>
    public async Task<float[]?> GetFacenAsync(long faceId, string gallery)
    {
        var reply = await _database.ExecuteAsync("VEMB", ShardScripts.KeyPrefix + gallery, Element(faceId));
        return reply.IsNull ? null : [.. ((RedisResult[])reply!).Select(value => (float)(double)value)];
    }

    /// <summary>The gallery's smallest <paramref name="count"/> face ids from <paramref name="startId"/> up, in order.</summary>
    public async Task<long[]> ListIdsAsync(string gallery, long startId, int count)
    {
        var reply = (RedisResult[])(await _database.ScriptEvaluateAsync(ShardScripts.ListIds,
            values: [gallery, Element(Math.Max(0, startId)), count]))!;
        return [.. reply.Select(id => long.Parse((string)id!, CultureInfo.InvariantCulture))];
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
    public Task<FacenMatch[][]> SearchAsync(IReadOnlyList<float[]> queries, string gallery, int n, int ef, bool linear) =>
        Task.WhenAll(queries.Select(async query =>
        {
            object[] arguments = [ShardScripts.KeyPrefix + gallery, "FP32", Blob(query), "WITHSCORES", "COUNT", n, "EF", Math.Max(ef, n)];
            var reply = (RedisResult[])(await _database.ExecuteAsync("VSIM", linear ? [.. arguments, "TRUTH"] : arguments))!;
            var matches = new FacenMatch[reply.Length / 2];
            for (var i = 0; i < matches.Length; i++)
                matches[i] = new FacenMatch(long.Parse((string)reply[2 * i]!, CultureInfo.InvariantCulture),
                    (float)(2 * (double)reply[2 * i + 1] - 1));
            return matches;
        }));

    public void Dispose() => _connection.Dispose();

    private static RedisValue Element(long faceId) => faceId.ToString(CultureInfo.InvariantCulture);

    /// <summary>VADD and VSIM's FP32 form: the facen's float32 values as little-endian bytes, as .NET holds them here.</summary>
    private static RedisValue Blob(float[] facen) => MemoryMarshal.AsBytes(facen.AsSpan()).ToArray();
}
