using Gateway.Maintenance;

namespace Gateway.Auth;

/// <summary>
/// <c>Gateway token [--short]</c>, the counterpart of findface-facenapi.token (spec 4.3): adds a new token to the
/// store of the configured data folder and prints it. Other arguments configure the host as usual.
/// </summary>
public sealed class TokenCommand : IGatewayCommand
{
    public const string Name = "token";
    private const string ShortFlag = "--short";
    private readonly bool _isShort;

    private TokenCommand(bool isShort, string[] hostArgs)
    {
        _isShort = isShort;
        HostArgs = hostArgs;
    }

    public string[] HostArgs { get; }

    /// <param name="rest">The arguments after the command's name.</param>
    public static TokenCommand Parse(IReadOnlyList<string> rest) =>
        new(rest.Contains(ShortFlag), rest.Where(arg => arg != ShortFlag).ToArray());

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var token = Tokens.New(_isShort);
        await services.GetRequiredService<ITokenStore>().AddAsync(token, cancellationToken);
        await output.WriteLineAsync(token);
        return 0;
    }
}
