using System.CommandLine;
using Gateway.Maintenance;

namespace Gateway.Auth;

/// <summary>
/// The counterpart of findface-facenapi.token (spec 4.3), on the store of the configured data folder:
/// <c>Gateway token [--short] [--scope admin|api|read]</c> adds a new token (admin unless told otherwise, as FindFace's can do
/// everything) and prints it; <c>token list</c> prints each token's id, scope and creation time; <c>token revoke ID-PREFIX|TOKEN</c>
/// removes one. Other arguments configure the host as usual (GatewayCommandLine). Exit codes: 0 done, 2 bad arguments or no single token matched.
/// </summary>
public sealed class TokenCommand(Func<ITokenStore, TextWriter, CancellationToken, Task<int>> run) : IGatewayCommand
{
    public const string Name = "token";

    private const string RevokeAction = "revoke";

    // The shortest id prefix revoke takes, so that a typo does not name a token by chance.
    private const int MinIdPrefix = 4;

    /// <summary><c>token [--short] [--scope admin|api|read]</c>, <c>token list</c>, <c>token revoke ID-PREFIX|TOKEN</c>.</summary>
    public static Command Define(Action<IGatewayCommand> chosen)
    {
        var isShort = new Option<bool>("--short") { Description = "A short token (XXXX-XXXX, about 41 bits) instead of 32 characters" };
        var scope = new Option<string>("--scope")
        {
            Description = "What the token may do",
            DefaultValueFactory = _ => TokenScopes.NameOf(TokenScope.Admin),
        };
        scope.AcceptOnlyFromAmong([.. Enum.GetValues<TokenScope>().Select(TokenScopes.NameOf)]);
        var list = new Command("list", "Print each token's id, scope and creation time");
        list.SetAction(_ => chosen(new TokenCommand(ListAsync)));
        var target = new Argument<string>("ID-PREFIX|TOKEN")
        {
            Description = $"At least {MinIdPrefix} characters of the id (from 'token list'), or the token itself",
        };
        var revoke = new Command(RevokeAction, "Remove one token, at once for a running server") { target };
        revoke.SetAction(parsed =>
        {
            var given = parsed.GetValue(target)!;
            chosen(new TokenCommand((tokens, output, cancellationToken) => RevokeAsync(tokens, given, output, cancellationToken)));
        });
        var command = new Command(Name, "Add a new token to the store and print it (findface-facenapi.token)") { isShort, scope, list, revoke };
        command.SetAction(parsed =>
        {
            var (shortToken, scoped) = (parsed.GetValue(isShort), TokenScopes.Parse(parsed.GetValue(scope))!.Value);
            chosen(new TokenCommand(async (tokens, output, cancellationToken) =>
            {
                var token = Tokens.New(shortToken);
                await tokens.AddAsync(token, scoped, cancellationToken);
                await output.WriteLineAsync(token);
                return 0;
            }));
        });
        return command;
    }

    public Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken) =>
        run(services.GetRequiredService<ITokenStore>(), output, cancellationToken);

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
}
