using System.Net;
using TestSupport;

namespace Gateway.FunctionalTests.Features.Extract;

/// <summary>What a careless or hostile client uploads instead of a photo: each gets the spec's error shape,
/// and the server goes on answering the next request.
/// (An unreachable URL: PhotoFetch_Specs.Should_report_a_closed_port_and_keep_serving.)</summary>
[Collection(GatewayCollection.Name)]
public sealed class ExtractHostileInput_Specs(GatewayFactory gateway)
{
    private const string OneUpload = """{"requests":[{"image":"multipart:photo","need_facen":true}]}""";

    public static TheoryData<string, string> PerImageErrors => new()
    {
        { "empty", "IMAGE_DECODING_FAILED" },
        { "text", "IMAGE_DECODING_FAILED" },
        { "gif", "IMAGE_DECODING_FAILED" },
        { "truncated jpeg", "IMAGE_DECODING_FAILED" },
        { "png claiming 50000x50000", "IMAGE_TOO_LARGE" },
    };

    [Theory]
    [MemberData(nameof(PerImageErrors))]
    public async Task Should_answer_an_image_error_and_keep_serving(string upload, string code)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(OneUpload, ("photo", Upload(upload))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.JsonAsync()).GetProperty("responses")[0];
        Assert.Empty(answer.GetProperty("faces").EnumerateArray());
        Assert.Equal(code, answer.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("error").GetProperty("desc").GetString()));
        await AssertStillServing(client);
    }

    [Fact]
    public async Task Should_answer_BAD_PARAM_for_a_12_MB_upload_and_keep_serving()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(OneUpload, ("photo", HostileImages.Huge(12 * 1024 * 1024))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("BAD_PARAM", error.GetProperty("code").GetString());
        Assert.True(error.TryGetProperty("param", out _));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()));
        await AssertStillServing(client);
    }

    private static byte[] Upload(string name) => name switch
    {
        "empty" => [],
        "text" => HostileImages.Text,
        "gif" => HostileImages.Gif,
        "truncated jpeg" => HostileImages.Truncated(TestSupport.Photos.Bytes("grace_hopper.jpg")),
        _ => HostileImages.PngClaiming(50_000, 50_000),
    };

    private static async Task AssertStillServing(HttpClient client)
    {
        using var response = await client.PostAsync("/v1/extract",
            Requests.Multipart(OneUpload, ("photo", TestSupport.Photos.Bytes("man2.jpg"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await response.JsonAsync()).GetProperty("responses")[0].GetProperty("faces").EnumerateArray());
    }
}
