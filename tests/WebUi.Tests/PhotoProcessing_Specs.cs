using System.Text.Json;
using Microsoft.Playwright;

namespace WebUi.Tests;

[Collection(OperatorCollection.Name)]
public sealed class PhotoProcessing_Specs(OperatorConsole console)
{
    [SkippableFact]
    public async Task Should_identify_an_enrolled_person_from_another_photo_and_tell_same_from_different()
    {
        Skip.IfNot(console.HasBrowser, $"No Chromium at {OperatorConsole.Chromium} (scripts/test.sh installs Debian's chromium).");
        Skip.If(TestSupport.LfwPhotos.Dir is null, TestSupport.LfwPhotos.SkipReason);
        var people = TestSupport.LfwPhotos.PersonsWithTwoPhotos(3);
        using (var api = console.ApiClient())
        {
            (await api.PostAsync("/v1/galleries/watchlist", null)).EnsureSuccessStatusCode();
            foreach (var person in people)
            {
                using var form = new MultipartFormDataContent
                {
                    { new ByteArrayContent(await File.ReadAllBytesAsync(person.First)), "photo", "photo.jpg" },
                    { new StringContent(person.Person), "meta" },
                    { new StringContent(JsonSerializer.Serialize(new[] { "watchlist" })), "galleries" },
                };
                (await api.PostAsync("/v1/face", form)).EnsureSuccessStatusCode();
            }
        }
        var (name, _, second) = people[1];
        var page = await console.LoggedInAsync();

        await page.GotoAsync("/#/identify");
        await page.SetInputFilesAsync("input[name=photo]", second);
        await page.SelectOptionAsync("select[name=gallery]", "watchlist");
        await page.FillAsync("input[name=threshold]", "low");
        await page.ClickAsync("button[type=submit]");
        var top = page.Locator(".candidates li").First;
        await Assertions.Expect(top.Locator(".meta")).ToHaveTextAsync(name);
        await Assertions.Expect(top.Locator("img.thumb")).ToBeVisibleAsync();
        await console.ScreenshotAsync(page, "07-identify");

        await page.GotoAsync("/#/verify");
        await page.SetInputFilesAsync("input[name=photo1]", people[1].First);
        await page.SetInputFilesAsync("input[name=photo2]", second);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".verdict")).ToHaveAttributeAsync("data-verified", "true");
        await console.ScreenshotAsync(page, "08-verify-same");
        await page.SetInputFilesAsync("input[name=photo2]", people[2].Second);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".verdict")).ToHaveAttributeAsync("data-verified", "false");

        await page.GotoAsync("/#/detect");
        await page.SetInputFilesAsync("input[name=photo]", Path.Combine(Photos.Dir, "sample1.jpg"));
        await Assertions.Expect(page.Locator("table[aria-label='Faces found'] tbody tr")).ToHaveCountAsync(Photos.GroupPhotos["sample1.jpg"]);
        await Assertions.Expect(page.Locator(".outlined svg rect")).ToHaveCountAsync(Photos.GroupPhotos["sample1.jpg"]);
        await console.ScreenshotAsync(page, "09-detect");
    }
}
