using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using GatewayProgram = global::Program;

namespace Benchmarks.Support;

/// <summary>The real gateway, standalone with all its stages, on Kestrel at a free loopback port and a data folder of its own;
/// its models are loaded on the constructing thread (see <see cref="ModelSessions"/>).</summary>
public sealed class GatewayHost : WebApplicationFactory<GatewayProgram>
{
    // Added to the gateway's token store at start (Auth:BootstrapToken), as the functional tests do.
    public const string Token = "benchmarks_bootstrap-token-00000";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("facepipe-benchmarks-").FullName;

    public GatewayHost()
    {
        // Real HTTP over loopback rather than the in-memory test server: the API's time includes the socket.
        UseKestrel(port: 0);
        StartServer();
        ModelSessions.Load(Services);
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
        return client;
    }

    /// <summary>An Extraction API body in its multipart form: the JSON requests, and each photo as the part it names.</summary>
    public static MultipartFormDataContent Extract(string requestsJson, params (string Part, byte[] Photo)[] photos)
    {
        var content = new MultipartFormDataContent { { new StringContent(requestsJson, Encoding.UTF8, "application/json"), "request" } };
        foreach (var (part, photo) in photos)
            content.Add(new ByteArrayContent(photo), part, part);
        return content;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDir", _dataDir);
        builder.UseSetting("Auth:BootstrapToken", Token);
        // The start and stop notices would land in the middle of the reports.
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
    }
}
