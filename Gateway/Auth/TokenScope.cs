using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Auth;

/// <summary>What a token may do: <c>admin</c> everything (cameras, shard statistics and the direct index API of spec 8.6,
/// 8.7 included), <c>api</c> the FindFace API of faces, galleries, persons and extraction, <c>read</c> only its GET calls.</summary>
public enum TokenScope
{
    Admin,
    Api,
    Read,
}

public static class TokenScopes
{
    /// <summary>The claim a token's scope is in, as its name (<see cref="NameOf"/>).</summary>
    public const string Claim = "scope";

    /// <summary>Policy of the FindFace API: <c>admin</c> or <c>api</c>, or <c>read</c> for GET and HEAD.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Policy of cameras, shard statistics and direct index requests.</summary>
    public const string AdminPolicy = "admin";

    public static string NameOf(TokenScope scope) => scope.ToString().ToLowerInvariant();

    public static TokenScope? Parse(string? name) => name switch
    {
        "admin" => TokenScope.Admin,
        "api" => TokenScope.Api,
        "read" => TokenScope.Read,
        _ => null,
    };

    public static string Names => string.Join(", ", Enum.GetValues<TokenScope>().Select(NameOf));

    public static void AddScopePolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(ApiPolicy, policy => policy.RequireAssertion(context => ScopeOf(context.User) switch
        {
            TokenScope.Admin or TokenScope.Api => true,
            TokenScope.Read => context.Resource is HttpContext http && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)),
            _ => false,
        }));
        options.AddPolicy(AdminPolicy, policy => policy.RequireAssertion(context => ScopeOf(context.User) == TokenScope.Admin));
    }

    public static TokenScope? ScopeOf(ClaimsPrincipal user) => Parse(user.FindFirst(Claim)?.Value);
}
