using System.Net;
using Gateway.FunctionalTests.Api;
using StackExchange.Redis;
using TestSupport;
using Workers.Index.Redis;

namespace Gateway.FunctionalTests.Maintenance;

/// <summary>A data folder with real Redis 8 index shards, gateways started and stopped on it, the gateway program's commands
/// run against it, and a direct connection to each shard to look inside and to empty it.</summary>
/// <param name="spares">Servers started beside the two configured shards, for a reshard to add.</param>
public sealed class ShardedDataDir(int spares = 0) : IDisposable
{
    // The shards of Index:Shards; the spares come after them.
    private const int Configured = 2;

    private readonly RedisServers _servers = new(Configured + spares);
    private ConnectionMultiplexer[]? _opened;

    // The gateways of the specs run in the same process and may keep its thread pool busy: a generous timeout, so that only
    // a shard that does not answer fails a spec.
    private ConnectionMultiplexer[] Connections => _opened ??=
        [.. _servers.Endpoints.Select(endpoint => ConnectionMultiplexer.Connect($"{endpoint},allowAdmin=true,asyncTimeout=30000,syncTimeout=30000"))];

    /// <summary>The configured shards' endpoints, then the spares'.</summary>
    public IReadOnlyList<string> Endpoints => _servers.Endpoints;

    public string DataDir { get; } = Directory.CreateTempSubdirectory("facepipe-sharded-").FullName;

    public (string Key, string Value)[] Settings => GatewayFactory.IndexShards([.. _servers.Endpoints.Take(Configured)]);

    public GatewayOnDataDir StartGateway() => new(DataDir, Settings);

    public void KillShard(int shard) => _servers.Kill(shard);

    public void StartShard(int shard) => _servers.Start(shard);

    public Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) => GatewayProgram.RunAsync(DataDir, Settings, args);

    /// <summary>Runs a command and sends it Ctrl+C once it printed its first progress line.</summary>
    public Task<(int ExitCode, string Output, string Errors)> RunInterruptedAsync(params string[] args)
    {
        var interrupted = 0;
        return GatewayProgram.RunAsync(DataDir, Settings, args, (process, line) =>
        {
            if (line.EndsWith("faces/s", StringComparison.Ordinal) && Interlocked.Exchange(ref interrupted, 1) == 0)
                GatewayProgram.Interrupt(process);
        });
    }

    /// <summary>How many faces the shards hold together.</summary>
    public async Task<long> CountAsync()
    {
        long count = 0;
        foreach (var connection in Connections)
            count += (long)await connection.GetDatabase().ExecuteAsync("VCARD", "facen:default");
        return count;
    }

    public async Task FlushAsync()
    {
        foreach (var connection in Connections)
            await connection.GetDatabase().ExecuteAsync("FLUSHALL");
    }

    /// <summary>The index spaces (vector sets) of any shard that hold the face.</summary>
    public async Task<IReadOnlyList<string>> SpacesHoldingAsync(long faceId)
    {
        var spaces = new List<string>();
        foreach (var connection in Connections)
        {
            var database = connection.GetDatabase();
            foreach (var key in (string[])(await database.ExecuteAsync("KEYS", "facen:*"))!)
            {
                if ((long)await database.ExecuteAsync("VISMEMBER", key, faceId.ToString()) == 1)
                    spaces.Add(key);
            }
        }
        return spaces;
    }

    /// <summary>Takes a face out of its shard behind the gateway's back.</summary>
    public async Task RemoveAsync(long faceId)
    {
        var shard = ShardMap.CellOf(faceId) * Configured / ShardMap.Cells;
        Assert.Equal(1L, (long)await Connections[shard].GetDatabase().ExecuteAsync("VREM", "facen:default", faceId.ToString()));
    }

    /// <summary>Puts a copy of a face on the shard that does not own its cell, as a reshard stopped before removing its copies
    /// leaves it; <paramref name="asId"/> names the copy (an id of the same cell that the store does not hold, when given).</summary>
    public async Task CopyToOtherShardAsync(long faceId, long? asId = null)
    {
        var shard = ShardMap.CellOf(faceId) * Configured / ShardMap.Cells;
        var facen = (RedisResult[])(await Connections[shard].GetDatabase().ExecuteAsync("VEMB", "facen:default", faceId.ToString()))!;
        await Connections[1 - shard].GetDatabase().ExecuteAsync("VADD", ["facen:default", "VALUES", facen.Length,
            .. facen.Select(value => (object)(double)value), (asId ?? faceId).ToString(), "Q8"]);
    }

    /// <summary>The face ids each server holds, the spares' too.</summary>
    public async Task<IReadOnlyList<long[]>> IdsByShardAsync() => await Task.WhenAll(Connections.Select(async connection =>
    {
        var database = connection.GetDatabase();
        var count = (long)await database.ExecuteAsync("VCARD", "facen:default");
        return count == 0 ? [] : ((RedisResult[])(await database.ExecuteAsync("VRANDMEMBER", "facen:default", count))!).Select(id => (long)id).ToArray();
    }));

    public void Dispose()
    {
        foreach (var connection in _opened ?? [])
            connection.Dispose();
        _servers.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }

    /// <summary>Enrolls every face of a photo; returns their ids.</summary>
    public static async Task<IReadOnlyList<long>> EnrollAllAsync(HttpClient client, string photo, params string[] galleries)
    {
        var fields = new List<(string, object)> { ("photo", TestSupport.Photos.Bytes(photo)), ("mf_selector", "all"), ("meta", photo) };
        fields.AddRange(galleries.Select(gallery => ("galleries", (object)gallery)));
        using var response = await client.PostAsync("/v0/face", ApiForms.Multipart([.. fields]));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return [.. json.GetProperty("results").Ids()];
    }

    /// <summary>The best match of each face of a photo (at the default threshold), in the whole index.</summary>
    public static async Task<IReadOnlyList<long>> IdentifyAllAsync(HttpClient client, string photo)
    {
        using var response = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("mf_selector", "all"), ("n", "1")));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return [.. json.GetProperty("results").EnumerateObject().SelectMany(face => face.Value.EnumerateArray())
            .Select(match => match.GetProperty("face").GetProperty("id").GetInt64()).Order()];
    }
}
