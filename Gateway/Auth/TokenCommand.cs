namespace Gateway.Auth;

/// <summary>
/// <c>Gateway token [--short]</c>, the counterpart of findface-facenapi.token (spec 4.3): adds a new token to the
/// store of the configured data folder and prints it. Other arguments configure the host as usual.
/// </summary>
public sealed class TokenCommand
{
    private const string ShortFlag = "--short";
    private readonly bool _isShort;

    private TokenCommand(bool isShort, string[] hostArgs)
    {
        _isShort = isShort;
        HostArgs = hostArgs;
    }

    public string[] HostArgs { get; }

    /// <summary>The command the arguments ask for, or null when they ask for the server.</summary>
    public static TokenCommand? Parse(string[] args) => args is ["token", .. var rest]
        ? new TokenCommand(rest.Contains(ShortFlag), rest.Where(arg => arg != ShortFlag).ToArray())
        : null;

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        var token = Tokens.New(_isShort);
        await services.GetRequiredService<ITokenStore>().AddAsync(token);
        await output.WriteLineAsync(token);
        return 0;
    }
}
