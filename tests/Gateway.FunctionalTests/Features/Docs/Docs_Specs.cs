using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.FunctionalTests.Features.Docs;

[Collection(GatewayCollection.Name)]
public sealed partial class Docs_Specs(GatewayFactory gateway)
{
    public static TheoryData<string> Versions => new() { "v0", "v1" };

    [Theory]
    [InlineData("/v0/docs")]
    [InlineData("/v1/docs")]
    [InlineData("/v1/docs/")]
    public async Task Should_list_the_documented_versions_without_a_token(string path)
    {
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var index = await response.JsonAsync();
        Assert.Equal(["v0", "v1"], index.GetProperty("versions").EnumerateArray().Select(version => version.GetString()));
        var prefix = path.TrimEnd('/');
        Assert.Equal($"{prefix}/v1", index.GetProperty("links")[1].GetProperty("openapi").GetString());
        Assert.Equal($"{prefix}/v1/overview.html", index.GetProperty("links")[1].GetProperty("overview").GetString());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Should_serve_an_openapi_3_document_without_a_token(string version)
    {
        var document = await DocumentAsync(version);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.Equal(version, document.GetProperty("info").GetProperty("version").GetString());
        Assert.Equal($"/{version}", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var token = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Token");
        Assert.Equal("header", token.GetProperty("in").GetString());
        Assert.Equal("Authorization", token.GetProperty("name").GetString());
        Assert.Empty(document.GetProperty("paths").GetProperty("/docs").GetProperty("get").GetProperty("security").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Should_document_every_route_the_version_maps(string version)
    {
        var documented = (await DocumentAsync(version)).GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} /{version}{path.Name}"))
            .ToHashSet();

        var mapped = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith($"/{version}/", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} {endpoint.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.NotEmpty(mapped);
        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Except(mapped));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Should_resolve_every_reference_of_the_document(string version)
    {
        var document = await DocumentAsync(version);
        var references = JsonReference().Matches(document.GetRawText()).Select(match => match.Groups["ref"].Value).Distinct().ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(
            reference.Split('/').Skip(1).Aggregate((JsonElement?)document, (node, step) =>
                node is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(step, out var child) ? child : null) is not null,
            $"{reference} does not resolve"));
    }

    [Fact]
    public async Task Should_document_gender_age_and_emotions_in_v1_only()
    {
        var (v0, v1) = (await DocumentAsync("v0"), await DocumentAsync("v1"));

        foreach (var attribute in new[] { "gender", "age", "emotions" })
        {
            Assert.True(FaceProperties(v1).TryGetProperty(attribute, out _));
            Assert.True(DetectFields(v1).TryGetProperty(attribute, out _));
            Assert.False(FaceProperties(v0).TryGetProperty(attribute, out _));
            Assert.False(DetectFields(v0).TryGetProperty(attribute, out _));
        }
        Assert.True(v1.GetProperty("paths").TryGetProperty("/extract", out _));
        Assert.False(v0.GetProperty("paths").TryGetProperty("/extract", out _));
    }

    [Theory]
    [InlineData("/v1/docs/v2")]
    [InlineData("/v0/docs/v9/overview.html")]
    public async Task Should_answer_not_found_for_an_unknown_version(string path)
    {
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("NOT_FOUND", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("reason").GetString()));
    }

    // The page's own references; what its script asks for at run time is WebUi.Tests' DocsPage_Specs, in a browser.
    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Should_serve_a_page_whose_references_all_stay_on_the_server(string version)
    {
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync($"/v1/docs/{version}/overview.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"v1/docs/{version}\"", html);
        Assert.Contains("\"withDefaultFonts\":false", html.Replace(" ", ""));
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        var references = PageReference().Matches(html).Select(match => match.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.DoesNotMatch("^(?:[a-z][a-z0-9+.-]*:|//)", url));
        foreach (var reference in references)
        {
            using var asset = await client.GetAsync(new Uri(response.RequestMessage!.RequestUri!, reference));
            Assert.True(asset.IsSuccessStatusCode, $"{reference}: {asset.StatusCode}");
        }
    }

    [Fact]
    public async Task Should_still_require_a_token_for_the_api()
    {
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync("/v1/galleries");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<JsonElement> DocumentAsync(string version)
    {
        using var client = gateway.CreateClient();
        using var response = await client.GetAsync($"/v0/docs/{version}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }

    private static JsonElement FaceProperties(JsonElement document) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty("Face").GetProperty("properties");

    private static JsonElement DetectFields(JsonElement document) =>
        document.GetProperty("paths").GetProperty("/detect").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");

    [GeneratedRegex("\"\\$ref\"\\s*:\\s*\"(?<ref>#[^\"]*)\"")]
    private static partial Regex JsonReference();

    // Every attribute that makes a browser fetch or link: src, href, action, srcset, and url(...) in styles.
    [GeneratedRegex("""(?:\b(?:src|href|action|srcset)\s*=\s*["']?|url\(\s*["']?)(?<url>[^"'\s>)]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex PageReference();
}
