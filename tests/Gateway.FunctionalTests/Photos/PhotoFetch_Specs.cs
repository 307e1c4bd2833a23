using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Gateway.FunctionalTests.Photos;

[Collection(GatewayCollection.Name)]
public sealed class PhotoFetch_Specs(GatewayFactory gateway, PrivateNetworkGateway privateNetworkGateway, PhotoServer photos)
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("0.0.0.0")]
    public async Task Should_refuse_a_url_into_a_private_network_by_default(string host)
    {
        var error = await ExtractFailureAsync(gateway, $"http://{host}:{photos.BaseAddress.Port}/photos/grace_hopper.jpg");

        Assert.Equal("FETCH_FORBIDDEN", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Should_fetch_from_a_private_network_when_allowed()
    {
        using var client = privateNetworkGateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Json(
            $$"""{"requests":[{"image":"{{photos.UrlOf("/photos/grace_hopper.jpg")}}"}]}"""));

        var image = (await response.JsonAsync()).GetProperty("responses")[0];
        Assert.False(image.TryGetProperty("error", out _));
        Assert.NotEmpty(image.GetProperty("faces").EnumerateArray());
    }

    [Fact]
    public async Task Should_refuse_a_redirect()
    {
        var error = await ExtractFailureAsync(privateNetworkGateway, photos.UrlOf("/redirect"));

        Assert.Equal("FETCH_FAILED", error.GetProperty("code").GetString());
        Assert.Contains("redirect", error.GetProperty("desc").GetString());
    }

    [Fact]
    public async Task Should_stop_an_image_over_the_size_limit_as_it_arrives()
    {
        var error = await ExtractFailureAsync(privateNetworkGateway, photos.UrlOf("/huge"));

        Assert.Equal("IMAGE_TOO_LARGE", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Should_report_a_closed_port_and_keep_serving()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await ExtractFailureAsync(privateNetworkGateway, $"http://127.0.0.1:{closedPort}/photo.jpg");

        Assert.Equal("FETCH_FAILED", error.GetProperty("code").GetString());
        await Should_fetch_from_a_private_network_when_allowed();
    }

    private static async Task<JsonElement> ExtractFailureAsync(GatewayFactory factory, string url)
    {
        using var client = factory.CreateAuthorizedClient();
        using var response = await client.PostAsync("/v1/extract", Requests.Json($$"""{"requests":[{"image":"{{url}}"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = (await response.JsonAsync()).GetProperty("responses")[0];
        Assert.Empty(image.GetProperty("faces").EnumerateArray());
        return image.GetProperty("error");
    }
}
