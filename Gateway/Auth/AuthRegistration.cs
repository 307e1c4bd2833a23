using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Auth;

public static class AuthRegistration
{
    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(options => string.IsNullOrEmpty(options.BootstrapToken) || Tokens.IsWellFormed(options.BootstrapToken),
                "Auth:BootstrapToken must be a long token (32 characters of A-Z a-z 0-9 _ -) or a short one (XXXX-XXXX of A-Z 0-9).")
            .ValidateOnStart();
        services.AddSingleton<ITokenStore, SqliteTokenStore>();
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options => options.AddScopePolicies());
        return services;
    }

    public static async Task AddBootstrapTokenAsync(this IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<AuthOptions>>().Value.BootstrapToken is { Length: > 0 } token)
            await services.GetRequiredService<ITokenStore>().AddAsync(token, TokenScope.Admin);
    }
}
