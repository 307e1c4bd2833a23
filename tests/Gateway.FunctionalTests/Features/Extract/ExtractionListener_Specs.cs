using System.Net;
using System.Net.Http.Headers;

namespace Gateway.FunctionalTests.Features.Extract;

/// <summary>The extraction listener (Extraction:Urls, FindFace's port 18666) on a real Kestrel server: the port a request came in on
/// decides what it may reach, not its Host header.</summary>
public sealed class ExtractionListener_Specs
{
    private const string Request = """{"requests":[{"image":"multipart:sample","need_gender":true}]}""";

    [Fact]
    public async Task Should_serve_post_root_alone_on_its_own_port_with_a_token()
    {
        await using var gateway = new ListenerGateway(requireToken: true);
        using var listener = gateway.Client(gateway.ListenerUrl, GatewayFactory.Token);
        using var api = gateway.Client(gateway.ApiUrl, GatewayFactory.Token);
        using var anonymous = gateway.Client(gateway.ListenerUrl, token: null);

        using (var extracted = await listener.PostAsync("/", Photo()))
        {
            Assert.Equal(HttpStatusCode.OK, extracted.StatusCode);
            Assert.NotEmpty((await extracted.JsonAsync()).GetProperty("responses")[0].GetProperty("faces").EnumerateArray());
        }
        await AssertErrorAsync(await anonymous.PostAsync("/", Photo()), HttpStatusCode.Unauthorized, "AUTH_FAILED");
        // Nothing of the API on the listener's port, token or not.
        await AssertErrorAsync(await listener.GetAsync("/v0/faces"), HttpStatusCode.NotFound, "NOT_FOUND");
        await AssertErrorAsync(await listener.PostAsync("/v1/extract", Photo()), HttpStatusCode.NotFound, "NOT_FOUND");
        await AssertErrorAsync(await listener.GetAsync("/"), HttpStatusCode.NotFound, "NOT_FOUND");
        await AssertErrorAsync(await anonymous.GetAsync("/v1/docs"), HttpStatusCode.NotFound, "NOT_FOUND");
        await AssertErrorAsync(await listener.GetAsync("/uploads/"), HttpStatusCode.NotFound, "NOT_FOUND");
        // Nor the listener's POST / on the API's port, whatever Host the client claims.
        using var spoofed = new HttpRequestMessage(HttpMethod.Post, "/") { Content = Photo() };
        spoofed.Headers.Host = new Uri(gateway.ListenerUrl).Authority;
        await AssertErrorAsync(await api.SendAsync(spoofed), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Should_serve_post_root_without_a_token_when_told_to_as_findface_does()
    {
        await using var gateway = new ListenerGateway(requireToken: false);
        using var anonymous = gateway.Client(gateway.ListenerUrl, token: null);

        using var extracted = await anonymous.PostAsync("/", Photo());

        Assert.Equal(HttpStatusCode.OK, extracted.StatusCode);
        await AssertErrorAsync(await anonymous.GetAsync("/v0/faces"), HttpStatusCode.NotFound, "NOT_FOUND");
        using var api = gateway.Client(gateway.ApiUrl, token: null);
        await AssertErrorAsync(await api.PostAsync("/v1/extract", Photo()), HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    private static MultipartFormDataContent Photo() => Requests.Multipart(Request, ("sample", TestSupport.Photos.Bytes("grace_hopper.jpg")));

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var error = await response.JsonAsync();
            Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {error}");
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }

    /// <summary>A gateway on Kestrel with the API and the extraction listener each on a free loopback port.</summary>
    private sealed class ListenerGateway : GatewayFactory
    {
        private readonly bool _requireToken;

        public ListenerGateway(bool requireToken)
        {
            _requireToken = requireToken;
            (ApiUrl, ListenerUrl) = ($"http://127.0.0.1:{TestSupport.FreePort.Next()}", $"http://127.0.0.1:{TestSupport.FreePort.Next()}");
            UseKestrel();
            StartServer();
        }

        public string ApiUrl { get; }

        public string ListenerUrl { get; }

        protected override IEnumerable<(string Key, string Value)> Settings =>
            [("urls", ApiUrl), ("Extraction:Urls", ListenerUrl), ("Extraction:RequireToken", _requireToken.ToString())];

        public HttpClient Client(string baseAddress, string? token)
        {
            var client = new HttpClient { BaseAddress = new Uri(baseAddress) };
            if (token is not null)
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
            return client;
        }
    }
}
