using StackExchange.Redis;
using TestSupport;

namespace Index.Tests.Redis;

/// <summary>Two real Redis 8 shards for a spec class, with a direct connection to each to look inside and to empty them.</summary>
public sealed class RedisShards : IDisposable
{
    private readonly RedisServers _servers = new(2);
    private readonly ConnectionMultiplexer[] _connections;

    public RedisShards() =>
        _connections = [.. _servers.Endpoints.Select(endpoint => ConnectionMultiplexer.Connect($"{endpoint},allowAdmin=true,abortConnect=false"))];

    public IReadOnlyList<string> Endpoints => _servers.Endpoints;

    public IDatabase Shard(int shard) => _connections[shard].GetDatabase();

    public async Task FlushAsync()
    {
        foreach (var connection in _connections)
            await connection.GetDatabase().ExecuteAsync("FLUSHALL");
    }

    /// <summary>Stops a shard; its append-only file brings the same faces back when it starts again.</summary>
    public void Stop(int shard) => _servers.Stop(shard);

    public void Start(int shard) => _servers.Start(shard);

    public void Dispose()
    {
        foreach (var connection in _connections)
            connection.Dispose();
        _servers.Dispose();
    }
}
