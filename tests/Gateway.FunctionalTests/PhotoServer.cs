using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.FunctionalTests;

/// <summary>A web server on 127.0.0.1 that serves the test photos, a redirect and an endless image, for the URL fetcher.</summary>
public sealed class PhotoServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public string UrlOf(string path) => new Uri(BaseAddress, path).ToString();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/photos/{name}", (string name) => Results.Bytes(TestSupport.Photos.Bytes(name), "image/jpeg"));
        _app.MapGet("/redirect", () => Results.Redirect("/photos/grace_hopper.jpg"));
        // 11 MB without a Content-Length, so that only counting the bytes can stop it.
        _app.MapGet("/huge", async (HttpResponse response) =>
        {
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 11; i++)
                await response.Body.WriteAsync(chunk);
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
