using Microsoft.Playwright;
using SharedSpecs;
using TestSupport.Cluster;

namespace WebUi.Tests;

/// <summary>
/// What an operator has: the real gateway (real models, SQLite, Kestrel on a free port, dynamic persons on) serving the web
/// UI, and Debian's headless Chromium driven by Playwright. Playwright's own browser download cannot work here, so it
/// launches /usr/bin/chromium (FACEPIPE_CHROMIUM names another).
/// </summary>
public sealed class OperatorConsole : IAsyncLifetime
{
    public const string Token = "web-ui-specs_bootstrap-token_012";

    public static readonly string Chromium = Environment.GetEnvironmentVariable("FACEPIPE_CHROMIUM") ?? "/usr/bin/chromium";

    private CameraGateway? _gateway;
    private IPlaywright? _playwright;

    public int Port { get; } = TestSupport.FreePort.Next();

    /// <summary>Where cameras may read video files (<c>Video:MediaRoot</c> of the gateway and of the detector).</summary>
    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("facepipe-webui-media-").FullName;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Each step's screenshot: FACEPIPE_SCREENSHOTS, or screenshots/ beside the tests; docs/ui/ holds copies that were looked at.</summary>
    public string ScreenshotsDir { get; } = Directory.CreateDirectory(Environment.GetEnvironmentVariable("FACEPIPE_SCREENSHOTS")
        ?? Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public bool HasBrowser => File.Exists(Chromium);

    public async Task InitializeAsync()
    {
        _gateway = new CameraGateway(Port, MediaRoot, Token).Start();
        if (!HasBrowser)
            return;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
    }

    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", Token);
        return client;
    }

    /// <summary>A fresh browser tab (its own session storage), at a desktop size unless told.</summary>
    public async Task<IPage> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>Logs in through the login page, as an operator does.</summary>
    public async Task<IPage> LoggedInAsync(int width = 1280, int height = 900)
    {
        var page = await OpenAsync(width, height);
        await page.GotoAsync("/");
        await page.FillAsync("input[name=token]", Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("nav[aria-label=Sections]");
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string step) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotsDir, step + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        Directory.Delete(MediaRoot, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class OperatorCollection : ICollectionFixture<OperatorConsole>
{
    public const string Name = "Operator";
}
