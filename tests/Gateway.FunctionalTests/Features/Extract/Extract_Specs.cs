using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace Gateway.FunctionalTests.Features.Extract;

[Collection(GatewayCollection.Name)]
public sealed class Extract_Specs(GatewayFactory gateway, PrivateNetworkGateway privateNetworkGateway, PhotoServer photos)
{
    private const string Everything =
        """{"requests":[{"image":"multipart:face","need_facen":true,"need_gender":true,"need_age":true,"need_emotions":true,"need_normalized":true}]}""";

    [Fact]
    public async Task Should_extract_everything_asked_from_a_multipart_upload()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(Everything, ("face", TestSupport.Photos.Bytes("grace_hopper.jpg"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var face = SingleImage(await response.JsonAsync()).GetProperty("faces")[0];
        var bbox = face.GetProperty("bbox");
        Assert.True(bbox.GetProperty("right").GetInt32() > bbox.GetProperty("left").GetInt32());
        Assert.True(bbox.GetProperty("bottom").GetInt32() > bbox.GetProperty("top").GetInt32());
        Assert.InRange(face.GetProperty("detection_score").GetSingle(), 0f, 1f);
        Assert.Contains(face.GetProperty("gender").GetProperty("gender").GetString(), new[] { "MALE", "FEMALE" });
        Assert.InRange(face.GetProperty("age").GetSingle(), 1f, 120f);
        Assert.NotEmpty(face.GetProperty("emotions").EnumerateArray());

        var facen = face.GetProperty("facen").GetBytesFromBase64();
        Assert.Equal(2048, facen.Length);
        var norm = Enumerable.Range(0, facen.Length / 4).Sum(i => Math.Pow(BinaryPrimitives.ReadSingleLittleEndian(facen.AsSpan(i * 4)), 2));
        Assert.Equal(1.0, norm, 0.01); // little-endian float32 of an L2-normalised vector

        var normalized = face.GetProperty("normalized").GetBytesFromBase64();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, normalized[..4]);
    }

    [Theory]
    [InlineData("astronaut.png", "FEMALE")]
    [InlineData("man1.jpg", "MALE")]
    public async Task Should_tell_the_gender(string photo, string gender)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(
            """{"requests":[{"image":"multipart:face","need_gender":true}]}""", ("face", TestSupport.Photos.Bytes(photo))));

        var faces = SingleImage(await response.JsonAsync()).GetProperty("faces");
        Assert.Equal(gender, faces[0].GetProperty("gender").GetProperty("gender").GetString());
    }

    [Fact]
    public async Task Should_give_only_the_boxes_when_nothing_else_is_asked()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(
            """{"requests":[{"image":"multipart:face","detector":"legacy","auto_rotate":true}]}""", ("face", TestSupport.Photos.Bytes("grace_hopper.jpg"))));

        var face = SingleImage(await response.JsonAsync()).GetProperty("faces")[0];
        Assert.Equal(["bbox", "detection_score"], face.EnumerateObject().Select(member => member.Name));
    }

    [Fact]
    public async Task Should_answer_each_image_on_its_own()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(
            """{"requests":[{"image":"multipart:junk"},{"image":"multipart:face"}]}""",
            ("junk", "this is not an image"u8.ToArray()), ("face", TestSupport.Photos.Bytes("grace_hopper.jpg"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var responses = (await response.JsonAsync()).GetProperty("responses");
        Assert.Empty(responses[0].GetProperty("faces").EnumerateArray());
        Assert.Equal("IMAGE_DECODING_FAILED", responses[0].GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(responses[0].GetProperty("error").GetProperty("desc").GetString()));
        Assert.NotEmpty(responses[1].GetProperty("faces").EnumerateArray());
        Assert.False(responses[1].TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Should_take_a_json_request_with_a_url()
    {
        using var client = privateNetworkGateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Json(
            $$"""{"requests":[{"image":"{{photos.UrlOf("/photos/man1.jpg")}}","need_facen":true}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var faces = SingleImage(await response.JsonAsync()).GetProperty("faces");
        Assert.Equal(2048, faces[0].GetProperty("facen").GetBytesFromBase64().Length);
    }

    [Fact]
    public async Task Should_answer_SERVICE_UNAVAILABLE_when_a_stage_does_not_answer_in_time()
    {
        await using var impatient = gateway.WithWebHostBuilder(builder => builder.UseSetting("Pipeline:StageTimeout", "00:00:00.001"));
        using var client = impatient.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", GatewayFactory.Token);

        using var response = await client.PostAsync("/v1/extract", Requests.Multipart(Everything, ("face", TestSupport.Photos.Bytes("grace_hopper.jpg"))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    private static JsonElement SingleImage(JsonElement body) => Assert.Single(body.GetProperty("responses").EnumerateArray());
}
