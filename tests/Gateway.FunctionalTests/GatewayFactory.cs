using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Workers.Index.Redis;

namespace Gateway.FunctionalTests;

/// <summary>The real gateway, with the real models, on a data folder of its own that is removed afterwards.</summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    public const string Token = "functional-tests_bootstrap-token";

    private readonly bool _ownsDataDir;

    public GatewayFactory() : this(Directory.CreateTempSubdirectory("facepipe-gateway-").FullName, ownsDataDir: true)
    {
    }

    protected GatewayFactory(string dataDir, bool ownsDataDir)
    {
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public string DataDir { get; }

    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    /// <summary>Section "Index" for these Redis shards, the cells shared evenly in order.</summary>
    public static (string Key, string Value)[] IndexShards(IReadOnlyList<string> endpoints) =>
    [
        .. endpoints.SelectMany((endpoint, shard) => new[]
        {
            ($"Index:Shards:{shard}:Endpoint", endpoint),
            ($"Index:Shards:{shard}:Cells", $"{shard * ShardMap.Cells / endpoints.Count}-{(shard + 1) * ShardMap.Cells / endpoints.Count - 1}"),
        }),
    ];

    public HttpClient CreateAuthorizedClient(string? baseAddress = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(baseAddress ?? "http://127.0.0.1:8000"),
            AllowAutoRedirect = false,
        });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDir", DataDir);
        builder.UseSetting("Auth:BootstrapToken", Token);
        // Specs of every route send wrong tokens from this one address; the limit on failures has specs of its own.
        builder.UseSetting("Auth:MaxFailures", "100000");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataDir && Directory.Exists(DataDir))
            Directory.Delete(DataDir, recursive: true);
    }
}

/// <summary>A gateway on a data folder that outlives it, as a server restarted on the same data does.</summary>
public sealed class GatewayOnDataDir(string dataDir, params (string Key, string Value)[] settings) : GatewayFactory(dataDir, ownsDataDir: false)
{
    protected override IEnumerable<(string Key, string Value)> Settings => settings;
}

/// <summary>A gateway that may fetch from this machine (where <see cref="PhotoServer"/> runs).</summary>
public sealed class PrivateNetworkGateway : GatewayFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Fetch:AllowPrivateNetworks", "true")];
}

/// <summary>A gateway whose index is Redis 8 vector-set shards, the cells shared evenly in order.</summary>
public sealed class RedisShardsGateway(IReadOnlyList<string> shards) : GatewayFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => IndexShards(shards);
}

public static class GatewayClients
{
    /// <summary>A client of a gateway made by <c>WithWebHostBuilder</c>, with the bootstrap token.</summary>
    public static HttpClient CreateTokenClient(this WebApplicationFactory<Program> gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", GatewayFactory.Token);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>, ICollectionFixture<PrivateNetworkGateway>, ICollectionFixture<PhotoServer>
{
    public const string Name = "Gateway";
}
