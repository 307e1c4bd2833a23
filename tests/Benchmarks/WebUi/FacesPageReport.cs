using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Benchmarks.Support;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Benchmarks.WebUi;

/// <summary>
/// The web UI's faces page over a large default gallery (<c>-- web-ui-faces [FACES]</c>, 10,000 by default) in Debian's
/// headless Chromium: time from navigation to the first page of thumbnails loaded, for fresh loads of the page. One face is
/// enrolled through the API; the rest are copies of it stored directly, each with a thumbnail file of its own.
/// </summary>
public static class FacesPageReport
{
    public const string Mode = "web-ui-faces";

    private const int DefaultFaces = 10_000;
    private const int Rounds = 7;
    private const int StoreBatch = 1000;
    private static readonly string Chromium = Environment.GetEnvironmentVariable("FACEPIPE_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var faces = args is [_, var count, ..] ? int.Parse(count) : DefaultFaces;
        await using var gateway = new GatewayHost();
        using var api = gateway.CreateAuthorizedClient();
        await PadAsync(gateway, api, faces);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { BaseURL = api.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync("/");
        await page.FillAsync("input[name=token]", GatewayHost.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("nav");

        output.WriteLine($"{faces} faces in the default gallery; {Environment.ProcessorCount} cores; load average {LoadAverage()}.");
        output.WriteLine($"{"round",5} {"first thumbnails ms",20} {"thumbnails",10} {"page wall ms",12}");
        var times = new List<double>();
        for (var round = 1; round <= Rounds; round++)
        {
            // A fresh load of the app each round (the tab keeps its session token); thumbnails differ per face, the app's files are cached.
            await page.GotoAsync("about:blank");
            var wall = Stopwatch.StartNew();
            await page.GotoAsync("/#/faces", new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync("""
                (() => { const images = [...document.querySelectorAll('ul.grid img')];
                         return images.length > 0 && images.every(img => img.complete && img.naturalWidth > 0); })()
                """, null, new() { PollingInterval = 5 });
            wall.Stop();
            var measured = await page.EvaluateAsync<double[]>("[performance.now(), document.querySelectorAll('ul.grid img').length]");
            times.Add(measured[0]);
            output.WriteLine($"{round,5} {measured[0],20:F0} {measured[1],10} {wall.Elapsed.TotalMilliseconds,12:F0}");
        }
        output.WriteLine($"median {Percentile.Of([.. times.Order()], 0.5):F0} ms to the first page of thumbnails (browser's clock from navigation start).");
        return 0;
    }

    private static async Task PadAsync(GatewayHost gateway, HttpClient api, int faces)
    {
        using var photo = new ByteArrayContent(Photos.Read("grace_hopper.jpg"));
        photo.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { photo, "photo", "photo.jpg" } };
        using var enrolled = await api.PostAsync("/v1/face", form);
        enrolled.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await enrolled.Content.ReadAsStringAsync()).RootElement.GetProperty("results")[0].GetProperty("id").GetInt64();

        var store = gateway.Services.GetRequiredService<IFaceStore>();
        var uploads = gateway.Services.GetRequiredService<Gateway.Uploads.UploadStore>();
        var face = (await store.GetAsync(id, CancellationToken.None))!;
        var thumbnail = await File.ReadAllBytesAsync(Path.Combine(uploads.Root, face.Thumbnail!));
        var facen = (await store.GetIndexedAsync([id], CancellationToken.None))[0].Facen;
        var model = gateway.Services.GetRequiredService<Vision.Embedding.FacenModel>().Name;
        var batch = new List<FaceToStore>(StoreBatch);
        for (var n = 1; n < faces; n++)
        {
            var copy = id - n;
            batch.Add(new FaceToStore(face with { Id = copy, Thumbnail = uploads.Save(thumbnail, $"{copy}_thumb"), CaptureKey = null },
                facen, model));
            if (batch.Count == StoreBatch || n == faces - 1)
            {
                await store.AddAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";
}
