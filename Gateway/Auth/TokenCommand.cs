using Gateway.Maintenance;

namespace Gateway.Auth;

/// <summary>
/// The counterpart of findface-facenapi.token (spec 4.3), on the store of the configured data folder:
/// <c>Gateway token [--short] [--scope admin|api|read]</c> adds a new token (admin unless told otherwise, as FindFace's can do
/// everything) and prints it; <c>token list</c> prints each token's id, scope and creation time; <c>token revoke ID-PREFIX|TOKEN</c>
/// removes one. Other arguments configure the host as usual. Exit codes: 0 done, 2 bad arguments or no single token matched.
/// </summary>
public sealed class TokenCommand : IGatewayCommand
{
    public const string Name = "token";
    private const string ShortFlag = "--short";
    private const string ScopeOption = "--scope";
    private const string ListAction = "list";
    private const string RevokeAction = "revoke";

    // The shortest id prefix revoke takes, so that a typo does not name a token by chance.
    private const int MinIdPrefix = 4;

    private readonly Func<ITokenStore, TextWriter, CancellationToken, Task<int>> _run;

    private TokenCommand(Func<ITokenStore, TextWriter, CancellationToken, Task<int>> run, string[] hostArgs) =>
        (_run, HostArgs) = (run, hostArgs);

    public string[] HostArgs { get; }

    /// <param name="rest">The arguments after the command's name.</param>
    public static TokenCommand Parse(IReadOnlyList<string> rest)
    {
        switch (rest.ToArray())
        {
            case [ListAction, .. var hostArgs]:
                return new TokenCommand(ListAsync, [.. hostArgs]);
            case [RevokeAction, var target, .. var hostArgs] when !target.StartsWith("--", StringComparison.Ordinal):
                return new TokenCommand((tokens, output, cancellationToken) => RevokeAsync(tokens, target, output, cancellationToken), [.. hostArgs]);
            case [RevokeAction, ..]:
                return Failing($"{Name} {RevokeAction} needs the id (at least {MinIdPrefix} characters of it, from '{Name} {ListAction}') or the token itself.");
        }
        var (isShort, scope, args) = (false, TokenScope.Admin, new List<string>());
        for (var i = 0; i < rest.Count; i++)
        {
            if (rest[i] == ShortFlag)
                isShort = true;
            else if (rest[i] == ScopeOption)
            {
                if (i + 1 >= rest.Count || TokenScopes.Parse(rest[i + 1]) is not { } parsed)
                    return Failing($"{ScopeOption} is one of {TokenScopes.Names}.");
                (scope, i) = (parsed, i + 1);
            }
            else
                args.Add(rest[i]);
        }
        return new TokenCommand(async (tokens, output, cancellationToken) =>
        {
            var token = Tokens.New(isShort);
            await tokens.AddAsync(token, scope, cancellationToken);
            await output.WriteLineAsync(token);
            return 0;
        }, [.. args]);
    }

    public Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken) =>
        _run(services.GetRequiredService<ITokenStore>(), output, cancellationToken);

    private static async Task<int> ListAsync(ITokenStore tokens, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var token in await tokens.ListAsync(cancellationToken))
            await output.WriteLineAsync($"{token.Id} {TokenScopes.NameOf(token.Scope),-5} {token.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        return 0;
    }

    private static async Task<int> RevokeAsync(ITokenStore tokens, string target, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(target) && target.Length < MinIdPrefix)
        {
            await output.WriteLineAsync($"{Name} {RevokeAction}: give at least {MinIdPrefix} characters of the id.");
            return 2;
        }
        switch (await tokens.MatchAsync(target, cancellationToken))
        {
            case [var token]:
                await tokens.RevokeAsync(token, cancellationToken);
                await output.WriteLineAsync($"{Name} {RevokeAction}: token {token.Id} ({TokenScopes.NameOf(token.Scope)}) revoked");
                return 0;
            case []:
                await output.WriteLineAsync($"{Name} {RevokeAction}: no token matches {target}.");
                return 2;
            case var several:
                await output.WriteLineAsync($"{Name} {RevokeAction}: {several.Count} tokens match {target} ({string.Join(", ", several.Select(token => token.Id))}); " +
                    "give more of the id.");
                return 2;
        }
    }

    private static TokenCommand Failing(string message) => new(async (_, output, _) =>
    {
        await output.WriteLineAsync($"{Name}: {message}");
        return 2;
    }, []);
}
