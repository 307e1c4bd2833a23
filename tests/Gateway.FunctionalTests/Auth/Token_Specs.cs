using System.Net;
using System.Net.Http.Headers;
using Gateway.Auth;

namespace Gateway.FunctionalTests.Auth;

[Collection(GatewayCollection.Name)]
public sealed class Token_Specs(GatewayFactory gateway)
{
    private const string Body = """{"requests":[{"image":"multipart:face"}]}""";

    [Fact]
    public async Task Should_refuse_a_request_without_a_token()
    {
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Json(Body));

        await AssertAuthFailedAsync(response);
        Assert.Equal("Token", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("Token wrong-token_wrong-token_wrong-tok")]
    [InlineData("Token AAAA-BBBB")]
    [InlineData("Bearer " + GatewayFactory.Token)]
    [InlineData(GatewayFactory.Token)]
    public async Task Should_refuse_a_wrong_token(string authorization)
    {
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.PostAsync("/v1/extract", Requests.Json(Body));

        await AssertAuthFailedAsync(response);
    }

    [Fact]
    public async Task Should_accept_the_bootstrap_token()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v1/extract", Requests.Json("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // past authentication, to validation
    }

    [Theory]
    [InlineData(false, @"^[A-Za-z0-9_-]{32}$")]
    [InlineData(true, @"^[A-Z0-9]{4}-[A-Z0-9]{4}$")]
    public async Task Should_print_a_token_that_then_authenticates(bool isShort, string format)
    {
        _ = gateway.Server; // the server is running while the command adds the token
        var token = await RunTokenCommandAsync(isShort);

        Assert.Matches(format, token);
        Assert.True(Tokens.IsWellFormed(token));
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await client.PostAsync("/v1/extract", Requests.Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<string> RunTokenCommandAsync(bool isShort)
    {
        var (exitCode, output, errors) = await GatewayProgram.RunAsync(gateway.DataDir, [], isShort ? ["token", "--short"] : ["token"]);
        Assert.True(exitCode == 0, errors);
        return output.Trim();
    }

    private static async Task AssertAuthFailedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("AUTH_FAILED", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("reason").GetString()));
    }
}
