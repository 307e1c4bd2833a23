namespace Gateway.Auth;

/// <summary>The API tokens that authenticate requests (spec 9.1.3).</summary>
public interface ITokenStore
{
    /// <summary>Adds a token; adding one that is there already changes nothing.</summary>
    Task AddAsync(string token, CancellationToken cancellationToken = default);

    Task<bool> IsValidAsync(string token, CancellationToken cancellationToken = default);
}
