using System.Net;
using System.Text.Json;

namespace Gateway.FunctionalTests.Features.Extract;

[Collection(GatewayCollection.Name)]
public sealed class ExtractValidation_Specs(GatewayFactory gateway)
{
    [Theory]
    [InlineData("""{"requests":[{"image":"http://example.com/a.jpg",""")]
    [InlineData("""{requests: []}""")]
    [InlineData("""not json""")]
    public async Task Should_answer_MALFORMED_JSON_for_a_body_that_is_not_json(string body)
    {
        var (status, error) = await PostAsync(Requests.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("MALFORMED_JSON", error.GetProperty("code").GetString());
        Assert.False(error.TryGetProperty("param", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    [InlineData("{}")]
    [InlineData("""{"requests":null}""")]
    [InlineData("""{"requests":[]}""")]
    public async Task Should_answer_BAD_PARAM_when_there_are_no_requests(string body)
    {
        await AssertBadParamAsync(Requests.Json(body), "requests");
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_an_unknown_detector()
    {
        var error = await AssertBadParamAsync(
            Requests.Json("""{"requests":[{"image":"http://example.com/a.jpg","detector":"magic"}]}"""), "requests[0].detector");

        Assert.Equal("magic", error.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_a_roi_of_the_wrong_type()
    {
        var error = await AssertBadParamAsync(
            Requests.Json("""{"requests":[{"image":"http://example.com/a.jpg","roi":"everything"}]}"""), "requests[0].roi");

        Assert.Equal("everything", error.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_a_roi_coordinate_of_the_wrong_type()
    {
        var error = await AssertBadParamAsync(Requests.Json(
            """{"requests":[{"image":"http://example.com/a.jpg"},{"image":"http://example.com/a.jpg","roi":{"left":true,"top":0,"right":1,"bottom":1}}]}"""),
            "requests[1].roi.left");

        Assert.Equal(JsonValueKind.True, error.GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_an_empty_roi()
    {
        var error = await AssertBadParamAsync(Requests.Json(
            """{"requests":[{"image":"http://example.com/a.jpg","roi":{"left":10,"top":0,"right":10,"bottom":5}}]}"""), "requests[0].roi");

        Assert.Equal(10, error.GetProperty("value").GetProperty("left").GetInt32());
    }

    [Theory]
    [InlineData("need_facen")]
    [InlineData("auto_rotate")]
    public async Task Should_answer_BAD_PARAM_for_a_flag_of_the_wrong_type(string flag)
    {
        await AssertBadParamAsync(
            Requests.Json($$"""{"requests":[{"image":"http://example.com/a.jpg","{{flag}}":"yes"}]}"""), $"requests[0].{flag}");
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_a_missing_image()
    {
        var error = await AssertBadParamAsync(Requests.Json("""{"requests":[{"need_facen":true}]}"""), "requests[0].image");

        Assert.Equal(JsonValueKind.Null, error.GetProperty("value").ValueKind);
    }

    [Theory]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("file:///etc/passwd")]
    [InlineData("a.jpg")]
    [InlineData("multipart:")]
    public async Task Should_answer_BAD_PARAM_for_an_image_that_is_neither_a_url_nor_a_part(string image)
    {
        var error = await AssertBadParamAsync(Requests.Json($$"""{"requests":[{"image":"{{image}}"}]}"""), "requests[0].image");

        Assert.Equal(image, error.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_a_part_that_is_not_in_the_body()
    {
        var error = await AssertBadParamAsync(Requests.Multipart(
            """{"requests":[{"image":"multipart:face"},{"image":"multipart:nope"}]}""", ("face", TestSupport.Photos.Bytes("grace_hopper.jpg"))),
            "requests[1].image");

        Assert.Equal("multipart:nope", error.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_a_multipart_body_without_its_request_part()
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(TestSupport.Photos.Bytes("grace_hopper.jpg")), "face", "face.jpg" } };

        await AssertBadParamAsync(content, "request");
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_an_image_over_10_MB()
    {
        var error = await AssertBadParamAsync(Requests.Multipart(
            """{"requests":[{"image":"multipart:big"}]}""", ("big", new byte[10 * 1024 * 1024 + 1])), "requests[0].image");

        Assert.Contains("10485760", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Should_answer_413_for_a_body_over_the_limit()
    {
        var (status, error) = await PostAsync(Requests.Multipart(
            """{"requests":[{"image":"multipart:a"}]}""",
            ("a", new byte[9 * 1024 * 1024]), ("b", new byte[9 * 1024 * 1024]), ("c", new byte[9 * 1024 * 1024]), ("d", new byte[9 * 1024 * 1024])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("REQUEST_TOO_LARGE", error.GetProperty("code").GetString());
    }

    private async Task<JsonElement> AssertBadParamAsync(HttpContent content, string param)
    {
        var (status, error) = await PostAsync(content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_PARAM", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(error.TryGetProperty("value", out _));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("reason").GetString()));
        return error;
    }

    private async Task<(HttpStatusCode Status, JsonElement Error)> PostAsync(HttpContent content)
    {
        using var client = gateway.CreateAuthorizedClient();
        using var response = await client.PostAsync("/v1/extract", content);
        return (response.StatusCode, await response.JsonAsync());
    }
}
