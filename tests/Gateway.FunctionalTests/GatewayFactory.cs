using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
public sealed class GatewayOnDataDir(string dataDir) : GatewayFactory(dataDir, ownsDataDir: false);

/// <summary>A gateway that may fetch from this machine (where <see cref="PhotoServer"/> runs) and that has the extraction listener.</summary>
public sealed class PrivateNetworkGateway : GatewayFactory
{
    public const string ExtractionListener = "http://127.0.0.1:18666";

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Fetch:AllowPrivateNetworks", "true"),
        ("Extraction:Urls", ExtractionListener),
    ];
}

/// <summary>A gateway whose index is Redis 8 vector-set shards, the first holding cells 0-511, the second 512-1023.</summary>
public sealed class RedisShardsGateway(IReadOnlyList<string> shards) : GatewayFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Index:Shards:0:Endpoint", shards[0]),
        ("Index:Shards:0:Cells", "0-511"),
        ("Index:Shards:1:Endpoint", shards[1]),
        ("Index:Shards:1:Cells", "512-1023"),
    ];
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>, ICollectionFixture<PrivateNetworkGateway>, ICollectionFixture<PhotoServer>
{
    public const string Name = "Gateway";
}
