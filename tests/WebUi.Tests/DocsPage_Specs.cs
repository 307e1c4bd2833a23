using Microsoft.Playwright;

namespace WebUi.Tests;

[Collection(OperatorCollection.Name)]
public sealed class DocsPage_Specs(OperatorConsole console)
{
    [SkippableFact]
    public async Task Should_show_the_api_reference_from_the_server_alone()
    {
        Skip.IfNot(console.HasBrowser, $"No Chromium at {OperatorConsole.Chromium} (scripts/test.sh installs Debian's chromium).");
        var page = await console.OpenAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        var document = page.WaitForResponseAsync(response => response.Url.EndsWith("/v1/docs/v1", StringComparison.Ordinal));

        await page.GotoAsync("/v1/docs/v1/overview.html");

        Assert.Equal(200, (await document).Status);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await console.ScreenshotAsync(page, "15-api-reference");
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.True(url.StartsWith(console.BaseUrl + "/", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"{url} left the server"));
        // Scalar draws the first group's operations at once and the others as they are opened.
        await Assertions.Expect(page.GetByText("Facepipe FindFace API v1").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Add a camera").First).ToBeVisibleAsync();
    }
}
