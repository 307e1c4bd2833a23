using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using TestSupport;
using TestPhotos = TestSupport.Photos;

namespace Gateway.FunctionalTests.Security;

/// <summary>The limits a token holder meets over HTTP: image calls beyond the concurrency limit, and failed authentications
/// from one address, are answered 429 in the spec's error shape with Retry-After.</summary>
public sealed class Limits_Specs
{
    private sealed class ThreeFailuresGateway : GatewayFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [("Auth:MaxFailures", "3"), ("Auth:FailureWindow", "00:10:00")];
    }

    /// <summary>May fetch photos from this machine, where a photo server that never answers holds a call's turn.</summary>
    private sealed class OneImageCallGateway : GatewayFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("Limits:ImageConcurrency", "1"), ("Limits:ImageQueue", "0"), ("Fetch:AllowPrivateNetworks", "true")];
    }

    [Fact]
    public async Task Should_answer_429_with_Retry_After_to_an_image_call_beyond_the_concurrency_limit()
    {
        await using var gateway = new OneImageCallGateway();
        using var client = gateway.CreateAuthorizedClient();
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var first = client.PostAsync("/v1/detect", Requests.Json($$"""{"photo": "http://127.0.0.1:{{port}}/photo.jpg"}"""));
            // Once the gateway connects to fetch the photo, the first call holds the only turn.
            using var fetch = await silent.AcceptTcpClientAsync();

            using var refused = await client.PostAsync("/v1/detect", ApiForms.Multipart(("photo", TestPhotos.Bytes("man1.jpg"))));
            fetch.Close();
            using var firstAnswer = await first;

            var error = await refused.JsonAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.TooManyRequests, error.ToString());
            Assert.Equal("TOO_MANY_REQUESTS", error.GetProperty("code").GetString());
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            await firstAnswer.AssertBadParamAsync("photo");
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Should_answer_429_to_an_address_after_its_failed_authentications_even_with_a_valid_token()
    {
        await using var gateway = new ThreeFailuresGateway();
        using var guesser = gateway.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", "AAAA-BBBB");
        using var valid = gateway.CreateAuthorizedClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await guesser.GetAsync("/v1/faces");
            statuses.Add(response.StatusCode);
        }
        using var blocked = await valid.GetAsync("/v1/faces");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal("TOO_MANY_REQUESTS", (await blocked.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromMinutes(10), blocked.Headers.RetryAfter?.Delta);
    }
}
