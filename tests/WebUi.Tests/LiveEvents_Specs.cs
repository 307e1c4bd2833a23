using Microsoft.Playwright;
using TestSupport.Cluster;

namespace WebUi.Tests;

[Collection(OperatorCollection.Name)]
public sealed class LiveEvents_Specs(OperatorConsole console)
{
    private const string DetectorName = "webui-specs";
    private static readonly TimeSpan DetectorGuard = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public async Task Should_show_a_cameras_faces_live_as_the_video_detector_posts_them_and_keep_them_in_the_report_and_the_persons()
    {
        Skip.IfNot(console.HasBrowser, $"No Chromium at {OperatorConsole.Chromium} (scripts/test.sh installs Debian's chromium).");
        // The video lies in the server's media root: cameras registered through the API read no other file.
        var folder = Directory.CreateDirectory(Path.Combine(console.MediaRoot, Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var video = await Ffmpeg.MakePassersByAsync(Path.Combine(folder, "entrance.mp4"));
            var page = await console.LoggedInAsync();

            await page.GotoAsync("/#/camera/new");
            await page.FillAsync("input[name=meta]", "entrance");
            await page.FillAsync("input[name=url]", $"file@10:{video}");
            await page.FillAsync("input[name=detector]", DetectorName);
            await page.FillAsync("input[name=rot]", "600, 320, 20, 20");
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Camera entrance");
            var camera = page.Url.Split("#/camera/")[1];

            await page.GotoAsync($"/#/events?cam={camera}");
            await Assertions.Expect(page.Locator("text=Waiting for faces")).ToBeVisibleAsync();
            await RunDetectorAsync();

            // Both people arrive in the feed without a reload, each a person of its own (dynamic persons are on): nobody matched.
            var feed = page.Locator("ol.feed li");
            await Assertions.Expect(feed).ToHaveCountAsync(2);
            await Assertions.Expect(feed.Locator(".camera").First).ToHaveTextAsync("entrance");
            await Assertions.Expect(feed.Locator("a.person")).ToHaveCountAsync(2);
            await Assertions.Expect(feed.Locator(".confidence")).ToHaveTextAsync(["new", "new"]);

            // The camera sees them again: each joins the person it started, with the match's confidence (the same frames: near 1).
            await RunDetectorAsync();
            await Assertions.Expect(feed).ToHaveCountAsync(4);
            string[] persons = [.. await feed.Locator("a.person").AllTextContentsAsync()];
            Assert.Equal(persons[2..].Order(), persons[..2].Order());
            string[] confidences = [.. await feed.Locator(".confidence").AllTextContentsAsync()];
            Assert.Equal(["new", "new"], confidences[2..]);
            Assert.All(confidences[..2], text => Assert.InRange(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 0.75, 1.0));
            await page.WaitForFunctionAsync("[...document.querySelectorAll('ol.feed img')].every(img => img.complete && img.naturalWidth > 0)");
            await console.ScreenshotAsync(page, "10-live-events");
            var faceIds = await feed.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.faceId)");

            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Save demo report"));
            var report = Path.Combine(folder, "report.html");
            await download.SaveAsAsync(report);
            var html = await File.ReadAllTextAsync(report);
            Assert.All(faceIds, id => Assert.Contains($"data-face-id=\"{id}\"", html));
            Assert.All(confidences[..2], text => Assert.Contains($"<td>{text}</td>", html));
            Assert.Equal(4, html.Split("src=\"data:image/").Length - 1);
            Assert.DoesNotContain("http://", html);

            // A captured face's page says which camera captured it, and when.
            var newest = await feed.First.Locator("time").TextContentAsync();
            await feed.First.Locator("a").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-fact=camera]")).ToHaveTextAsync("entrance");
            await Assertions.Expect(page.Locator("[data-fact=time]")).ToHaveTextAsync(newest!);
            await Assertions.Expect(page.Locator("dt", new() { HasTextString = "Captured" })).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("document.querySelector('.outlined img')?.naturalWidth > 0");
            await console.ScreenshotAsync(page, "15-captured-face");

            await page.GotoAsync($"/#/camera/{camera}");
            await Assertions.Expect(page.Locator(".outlined svg .box.rot")).ToHaveCountAsync(1);
            await page.WaitForFunctionAsync("document.querySelector('.outlined img')?.naturalWidth > 0");
            await console.ScreenshotAsync(page, "11-camera");

            // Every face has a person here (the other specs' too): the camera's are its two passers-by.
            await page.GotoAsync("/#/persons");
            await page.SelectOptionAsync("select[name=camera]", camera);
            var personRows = page.Locator("tr[data-person-id]");
            await Assertions.Expect(personRows).ToHaveCountAsync(2);
            await console.ScreenshotAsync(page, "12-persons");
            await Assertions.Expect(personRows.First).ToContainTextAsync("entrance");
            await personRows.First.Locator("a").First.ClickAsync();
            await Assertions.Expect(page.Locator("ol.timeline li")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("ol.timeline li").First).ToContainTextAsync("camera entrance");
            await console.ScreenshotAsync(page, "13-person-history");

            // On a phone: the same history, readable at 360 px without scrolling sideways.
            var phone = await console.LoggedInAsync(width: 360, height: 740);
            await phone.GotoAsync(page.Url);
            await Assertions.Expect(phone.Locator("ol.timeline li")).ToHaveCountAsync(2);
            Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"), "The page scrolls sideways at 360 px.");
            await console.ScreenshotAsync(phone, "14-person-history-360px");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // One pass of the video detector over the cameras the server keeps for it, as its own process; every frame is read
    // (--disable-drops), so that a loaded machine makes the pass slower, not blind to someone who passes by in a second.
    private async Task RunDetectorAsync()
    {
        var health = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}");
        using var detector = new ClusterProcess("video", LocalCluster.BuiltAssembly("Workers.Video"), new Dictionary<string, string>(),
            ["--detector-name", DetectorName, "--camera-url", "/v1/camera", "--single-pass", "1", "--api-port", console.Port.ToString(),
             "--api-token", OperatorConsole.Token, "--request-url", "/v1/face", "--start-ts", "1", "--urls", health.ToString(),
             "--disable-drops", $"--Video:MediaRoot={console.MediaRoot}"], health);
        Assert.True(await detector.RunToEndAsync(DetectorGuard) == 0, detector.Tail());
    }
}
