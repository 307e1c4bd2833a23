using System.Security.Claims;
using System.Text.Encodings.Web;
using Gateway.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Auth;

/// <summary>FindFace's token authentication (spec 9.1.3): <c>Authorization: Token &lt;key&gt;</c>, else 401 AUTH_FAILED; a call the
/// token's scope does not cover is 403 FORBIDDEN.</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ITokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
            return AuthenticateResult.Fail("No token: send the header 'Authorization: Token <key>'.");
        if (!header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Token <key>'.");
        if (await tokens.FindScopeAsync(header[(SchemeName.Length + 1)..].Trim(), Context.RequestAborted) is not { } scope)
            return AuthenticateResult.Fail("The token is not valid.");
        var identity = new ClaimsIdentity([new Claim(TokenScopes.Claim, TokenScopes.NameOf(scope))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = SchemeName;
        await ApiError.AuthFailed(result.Failure?.Message ?? "Authentication failed.").WriteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiError.Forbidden($"This token's scope ({Context.User.FindFirst(TokenScopes.Claim)?.Value}) does not allow {Request.Method} " +
            $"{Request.Path}: cameras, /stat and the direct index API need admin, changes need api or admin.").WriteAsync(Context);
}
