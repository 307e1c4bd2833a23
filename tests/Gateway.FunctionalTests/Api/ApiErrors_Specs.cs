using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TestSupport;

namespace Gateway.FunctionalTests.Api;

/// <summary>Spec 9.1.10 through the FindFace API: every error has code and reason, BAD_PARAM names the parameter, and nothing stored is harmed.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ApiErrors_Specs(GatewayFactory gateway, PrivateNetworkGateway privateNetworkGateway, PhotoServer photos)
{
    [Theory]
    [InlineData("GET", "/v0/faces")]
    [InlineData("POST", "/v1/detect")]
    [InlineData("GET", "/v0/galleries")]
    [InlineData("DELETE", "/v0/face/id/1")]
    [InlineData("GET", "/v0/camera")]
    [InlineData("POST", "/v1/camera/")]
    [InlineData("DELETE", "/v0/camera/7bb35e9d-9f4f-4e5b-8811-e1dded6de811")]
    [InlineData("GET", "/v1/stat/list/1/10")]
    [InlineData("GET", "/v1/default/get/1")]
    public async Task Should_answer_AUTH_FAILED_without_a_valid_token(string method, string path)
    {
        using var anonymous = gateway.CreateClient();
        using var wrong = gateway.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", "not-the-token-not-the-token-1234");

        foreach (var client in new[] { anonymous, wrong })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("AUTH_FAILED", (await response.JsonAsync()).GetProperty("code").GetString());
        }
    }

    public static TheoryData<string, string, string> BadParams => new()
    {
        { "/v0/detect", "{}", "photo" },
        { "/v0/detect", """{"photo": 42}""", "photo" },
        { "/v0/detect", """{"photo": "not a url"}""", "photo" },
        { "/v0/identify", """{"photo": "http://example.com/a.jpg", "threshold": "loose"}""", "threshold" },
        { "/v0/identify", """{"photo": "http://example.com/a.jpg", "threshold": 1.5}""", "threshold" },
        { "/v0/identify", """{"photo": "http://example.com/a.jpg", "n": 0}""", "n" },
        { "/v0/identify", """{"photo": "http://example.com/a.jpg", "n": "many"}""", "n" },
        { "/v0/identify", """{"photo": "http://example.com/a.jpg", "mf_selector": "first"}""", "mf_selector" },
        { "/v0/identify", """{"photo": "http://example.com/a.jpg", "x1": 1, "y1": 2}""", "x2" },
        { "/v0/verify", """{"photo1": "http://example.com/a.jpg"}""", "photo2" },
        { "/v0/verify", """{"photo1": "http://example.com/a.jpg", "photo2": "http://example.com/b.jpg", "bbox1": [1, 2, 3]}""", "bbox1" },
        { "/v0/face", """{"photo": "http://example.com/a.jpg", "bbox": {"x1": 10, "y1": 10, "x2": 5, "y2": 20}}""", "bbox" },
        { "/v0/face", """{"photo": "http://example.com/a.jpg", "galleries": ["bad name"]}""", "galleries" },
        { "/v0/face", """{"photo": "http://example.com/a.jpg", "galleries": "x", "meta": ["not", "a", "string"]}""", "meta" },
        { "/v0/faces/gallery/default/identify", """{"photo": "http://example.com/a.jpg", "n": 1001}""", "n" },
        { "/v0/face", $$"""{"photo": "http://example.com/a.jpg", "galleries": [{{string.Join(",", Enumerable.Repeat("\"g\"", 257))}}]}""", "galleries" },
    };

    [Theory]
    [MemberData(nameof(BadParams))]
    public async Task Should_answer_BAD_PARAM_naming_the_parameter(string path, string body, string param)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync(path, Requests.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("BAD_PARAM", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(error.TryGetProperty("value", out _));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("{\"photo\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("\u0000\u0001binary")]
    public async Task Should_answer_MALFORMED_JSON(string body)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v0/identify", Requests.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MALFORMED_JSON", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    public static TheoryData<string> HostilePhotos => ["empty", "text", "gif", "truncated jpeg", "png claiming 50000x50000"];

    [Theory]
    [MemberData(nameof(HostilePhotos))]
    public async Task Should_refuse_a_hostile_upload_and_keep_serving(string kind)
    {
        var photo = HostileImages.Named(kind);
        using var client = gateway.CreateAuthorizedClient();
        var before = await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), $"before {kind}");

        foreach (var path in new[] { "/v0/detect", "/v0/face", "/v0/identify" })
        {
            using var response = await client.PostAsync(path, ApiForms.Multipart(("photo", photo)));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await response.JsonAsync();
            Assert.Equal("BAD_PARAM", error.GetProperty("code").GetString());
            Assert.Equal("photo", error.GetProperty("param").GetString());
        }

        using var still = await client.GetAsync($"/v0/face/id/{before.GetProperty("id").GetInt64()}");
        Assert.Equal(before.ToString(), (await still.JsonAsync()).ToString());
    }

    [Fact]
    public async Task Should_refuse_a_photo_over_10_MB()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v0/detect", ApiForms.Multipart(("photo", HostileImages.Huge(12 * 1024 * 1024))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("photo", (await response.JsonAsync()).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Should_refuse_a_body_over_the_request_limit_with_413()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v0/detect", ApiForms.Multipart(("photo", HostileImages.Huge(40 * 1024 * 1024))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    // Clients written for FindFace parse every error as JSON: routing's refusals too.
    [Theory]
    [InlineData("GET", "/v0/no-such-method", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("POST", "/v2/detect", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("GET", "/v0/detect", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED")]
    [InlineData("PATCH", "/v1/face/id/1", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED")]
    public async Task Should_answer_the_error_body_to_a_route_or_method_the_api_does_not_have(string method, string path,
        HttpStatusCode status, string code)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains(path, error.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/unreachable.jpg", true)]
    [InlineData("http://127.0.0.1:1/private.jpg", false)]
    public async Task Should_answer_BAD_PARAM_for_a_photo_url_that_cannot_be_fetched(string url, bool privateNetworksAllowed)
    {
        using var client = (privateNetworksAllowed ? privateNetworkGateway : gateway).CreateAuthorizedClient();

        using var response = await client.PostAsync("/v0/detect", Requests.Json($$"""{"photo": "{{url}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("photo", error.GetProperty("param").GetString());
        Assert.Equal(url, error.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Should_take_parameters_from_a_json_body_a_form_and_the_query_string()
    {
        using var client = privateNetworkGateway.CreateAuthorizedClient();
        var url = photos.UrlOf("/photos/sample1.jpg");

        using var json = await client.PostAsync("/v0/detect", Requests.Json($$"""{"photo": "{{url}}"}"""));
        using var form = await client.PostAsync("/v0/detect", Form.UrlEncoded(("photo", url)));
        using var query = await client.PostAsync($"/v0/detect?photo={Uri.EscapeDataString(url)}", null);

        var expected = TestSupport.Photos.GroupPhotos["sample1.jpg"];
        foreach (var response in new[] { json, form, query })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, (await response.JsonAsync()).GetProperty("faces").GetArrayLength());
        }
    }

    [Fact]
    public async Task Should_answer_SERVICE_UNAVAILABLE_when_a_stage_does_not_answer_in_time()
    {
        await using var impatient = gateway.WithWebHostBuilder(builder => builder.UseSetting("Pipeline:StageTimeout", "00:00:00.001"));
        using var client = impatient.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", GatewayFactory.Token);

        using var response = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes("sample4.jpg"))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", (await response.JsonAsync()).GetProperty("code").GetString());
    }
}
