using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using GatewayProgram = global::Program;

namespace Benchmarks.Support;

/// <summary>The real gateway, standalone with all its stages, on Kestrel at a free loopback port and a data folder of its own
/// (under the temporary folder's <c>facepipe-benchmarks</c>, removed by a later run); its models are loaded on the constructing
/// thread (see <see cref="ModelSessions"/>).</summary>
public sealed class GatewayHost : WebApplicationFactory<GatewayProgram>
{
    // Added to the gateway's token store at start (Auth:BootstrapToken), as the functional tests do.
    public const string Token = "benchmarks_bootstrap-token-00000";

    // Each run's data folder is left behind and removed by a run at least this much later. ext4's inode allocator steps over
    // inodes freed in the last few minutes (recently_deleted, seen with perf), so a run right after a run that deleted its ~1,000
    // files created files ~2x slower, and back-to-back runs of breakdown enroll slowed by ~5 ms a call (36 -> 41 ms in four runs).
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);
    private static readonly string Runs = Path.Combine(Path.GetTempPath(), "facepipe-benchmarks");

    private readonly string _dataDir = RemoveOldRuns().CreateSubdirectory(Path.GetRandomFileName()).FullName;

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

    private static DirectoryInfo RemoveOldRuns()
    {
        var runs = Directory.CreateDirectory(Runs);
        foreach (var run in runs.EnumerateDirectories().Where(run => run.CreationTimeUtc < DateTime.UtcNow - KeptFor))
            run.Delete(recursive: true);
        return runs;
    }
}
