using System.Net;
using System.Text.RegularExpressions;

namespace Gateway.FunctionalTests.Features.WebUi;

/// <summary>The web UI as the gateway serves it: open at /, its assets from this host only, cached by their content names.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class WebUi_Specs(GatewayFactory gateway)
{
    [Fact]
    public async Task Should_serve_the_app_at_the_root_without_a_token_with_every_asset_from_this_host()
    {
        using var client = gateway.CreateClient();
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"app\">", html);

        var assets = AssetReference().Matches(html).Select(match => match.Groups["path"].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.All(assets, path => Assert.StartsWith("./assets/", path));
        foreach (var path in assets)
        {
            using var asset = await client.GetAsync(path[1..]);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Contains("immutable", asset.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task Should_keep_the_api_behind_its_token_beside_the_app()
    {
        using var client = gateway.CreateClient();
        using var response = await client.GetAsync("/v1/galleries");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [GeneratedRegex("(?:src|href)=\"(?<path>[^\"]+)\"")]
    private static partial Regex AssetReference();
}
