using Microsoft.Playwright;

namespace WebUi.Tests;

[Collection(OperatorCollection.Name)]
public sealed class Enrollment_Specs(OperatorConsole console)
{
    private const int People = 20;

    [SkippableFact]
    public async Task Should_enroll_a_folder_of_photos_into_a_new_gallery_and_show_each_face_with_its_meta()
    {
        Skip.IfNot(console.HasBrowser, $"No Chromium at {OperatorConsole.Chromium} (scripts/test.sh installs Debian's chromium).");
        Skip.If(TestSupport.LfwPhotos.Dir is null, TestSupport.LfwPhotos.SkipReason);
        var people = TestSupport.LfwPhotos.PersonsWithTwoPhotos(People);
        var notAPhoto = Path.Combine(Directory.CreateTempSubdirectory("facepipe-webui-upload-").FullName, "minutes.jpg");
        await File.WriteAllTextAsync(notAPhoto, "Minutes of the meeting: not a photo.");
        var page = await console.LoggedInAsync();

        await page.GotoAsync("/#/galleries");
        await page.FillAsync("input[name=gallery]", "bad name!");
        await Assertions.Expect(page.Locator("button[type=submit]")).ToBeDisabledAsync();
        await page.FillAsync("input[name=gallery]", "staff");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("tr[data-gallery=staff]")).ToBeVisibleAsync();
        await console.ScreenshotAsync(page, "03-galleries");

        await page.GotoAsync("/#/batch");
        await page.SelectOptionAsync("select[name=gallery]", "staff");
        await page.FillAsync("input[name=prefix]", "staff_");
        await page.SetInputFilesAsync("input[name=files]", [.. people.Select(p => p.First), notAPhoto]);
        await Assertions.Expect(page.Locator("[data-count=selected]")).ToHaveTextAsync((People + 1).ToString());
        await page.ClickAsync("button:text-is('Start')");
        await Assertions.Expect(page.Locator("[data-count=uploaded]")).ToHaveTextAsync(People.ToString(), new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("[data-count=failed]")).ToHaveTextAsync("1");
        var failed = page.Locator("tr[data-state=failed]");
        await Assertions.Expect(failed).ToContainTextAsync("minutes.jpg");
        await Assertions.Expect(failed).ToContainTextAsync("photo");
        await console.ScreenshotAsync(page, "04-batch-upload");

        // Retrying the failed file sends it again, and it fails again for the same reason.
        var retried = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("text=Retry failed"),
            response => response.Url.EndsWith("/v1/face", StringComparison.Ordinal));
        Assert.Equal(400, retried.Status);
        await Assertions.Expect(failed).ToContainTextAsync("BAD_PARAM");
        await Assertions.Expect(page.Locator("[data-count=failed]")).ToHaveTextAsync("1");

        await page.GotoAsync("/#/faces?gallery=staff");
        var faces = page.Locator("ul.grid li");
        await Assertions.Expect(faces).ToHaveCountAsync(People);
        var metas = await page.Locator("ul.grid .meta").AllTextContentsAsync();
        Assert.Equal(people.Select(p => $"staff_{p.Person}_0001").Order(), metas.Order());
        // Every thumbnail was loaded from the server (lazy images in view).
        await page.WaitForFunctionAsync("[...document.querySelectorAll('ul.grid img')].every(img => img.complete && img.naturalWidth > 0)");
        await console.ScreenshotAsync(page, "05-faces");

        await faces.First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Face ");
        await Assertions.Expect(page.Locator("img[alt='Normalized face']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".outlined svg rect")).ToHaveCountAsync(1);
        await console.ScreenshotAsync(page, "06-face");
    }
}
