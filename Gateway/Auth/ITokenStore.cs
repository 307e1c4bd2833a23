namespace Gateway.Auth;

/// <summary>The API tokens that authenticate requests (spec 9.1.3), each with its scope.</summary>
public interface ITokenStore
{
    /// <summary>Adds a token; adding one that is there already changes nothing.</summary>
    Task AddAsync(string token, TokenScope scope, CancellationToken cancellationToken = default);

    /// <summary>The token's scope, or null when it is no stored token.</summary>
    Task<TokenScope?> FindScopeAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Every token, oldest first, as its id (never the token itself, which is not kept).</summary>
    Task<IReadOnlyList<StoredToken>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The tokens that are <paramref name="tokenOrIdPrefix"/> itself, or whose id starts with it.</summary>
    Task<IReadOnlyList<StoredToken>> MatchAsync(string tokenOrIdPrefix, CancellationToken cancellationToken = default);

    /// <returns>False when it was gone already.</returns>
    Task<bool> RevokeAsync(StoredToken token, CancellationToken cancellationToken = default);
}

/// <summary>A stored token as <c>token list</c> shows it.</summary>
/// <param name="Id">The start of its hash, in hex: enough to name it to <c>token revoke</c>, nothing to log in with.</param>
public sealed record StoredToken(string Id, TokenScope Scope, DateTimeOffset CreatedAt, byte[] Hash);
