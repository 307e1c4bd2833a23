using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MassEnroll.Tests.Support;

/// <summary>The real standalone gateway (real models, SQLite in a temporary folder) on a Kestrel port, as the tool reaches a server.</summary>
public sealed class StandaloneGateway : WebApplicationFactory<global::Program>
{
    public const string Token = "mass-enroll-tests_bootstrap-tkn1";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("facepipe-mass-enroll-gateway-").FullName;

    public StandaloneGateway()
    {
        Port = FreePort.Next();
        UseKestrel(Port);
        StartServer();
    }

    public int Port { get; }

    public string Api => $"http://127.0.0.1:{Port}/";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDir", _dataDir);
        builder.UseSetting("Auth:BootstrapToken", Token);
        builder.UseSetting("urls", Api);
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri(Api) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
        return client;
    }

    /// <summary>Every stored face's meta string, one entry per face, read page by page from <c>GET /v1/faces</c>.</summary>
    public async Task<IReadOnlyList<string>> AllMetaAsync()
    {
        using var client = Client();
        var meta = new List<string>();
        for (var url = "v1/faces?limit=1000"; ;)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync(url));
            var faces = page.RootElement.GetProperty("results").EnumerateArray().ToList();
            meta.AddRange(faces.Select(face => face.GetProperty("meta").GetString()!));
            if (faces.Count == 0 || !page.RootElement.TryGetProperty("next_page", out var next) || next.ValueKind != JsonValueKind.String)
                return meta;
            url = next.GetString()!.TrimStart('/');
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
