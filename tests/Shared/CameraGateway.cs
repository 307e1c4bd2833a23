using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SharedSpecs;

/// <summary>
/// The real gateway as cameras and operators meet it: real models, SQLite in a data folder of its own, Kestrel on a real port
/// (the video detector and the browser are other processes), dynamic persons on, video files readable under
/// <paramref name="mediaRoot"/>. One source file linked into the test projects that need it (Video.Tests, WebUi.Tests), so that
/// TestSupport, which every test project uses, does not reference the gateway.
/// </summary>
public sealed class CameraGateway(int port, string mediaRoot, string token) : WebApplicationFactory<Program>
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("facepipe-camera-gateway-").FullName;

    /// <summary>Starts it listening on its port.</summary>
    public CameraGateway Start()
    {
        UseKestrel(port);
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDir", _dataDir);
        builder.UseSetting("Auth:BootstrapToken", token);
        builder.UseSetting("urls", $"http://127.0.0.1:{port}");
        builder.UseSetting("Facenapi:PersonIdentify", "true");
        builder.UseSetting("Video:MediaRoot", mediaRoot);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
