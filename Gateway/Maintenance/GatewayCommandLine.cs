using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Gateway.Auth;
using Hosting;

namespace Gateway.Maintenance;

/// <summary>
/// The gateway program's command line (System.CommandLine): without a command it runs the server; <c>token</c>,
/// <c>rebuild-index</c>, <c>regenerate</c>, <c>purge</c> and <c>check-index</c> run instead of it, on the same settings.
/// Whatever no command takes is a setting for the host (<c>--Storage:DataDir=...</c>, <c>--urls ...</c>).
/// </summary>
public static class GatewayCommandLine
{
    /// <summary>What the arguments ask for: the server (<see cref="Command"/> null), a command, or to exit at once
    /// (<see cref="ExitCode"/>: help was printed, or the arguments were refused on standard error).</summary>
    /// <param name="HostArgs">The settings, in the form the host's command-line configuration reads.</param>
    public sealed record Parsed(IGatewayCommand? Command, string[] HostArgs, int? ExitCode);

    // Settings without a section that a command may still be given (the server takes any).
    private static readonly string[] TopLevelSettings = ["urls", Deployment.Key, "environment", "contentRoot"];

    private const string Description =
        "Facepipe's gateway: the FindFace Server SDK 2.5 REST API (no command), or a maintenance command on the same settings.\n" +
        "Settings (--Key=Value, environment Key__Sub=Value, or Gateway/appsettings.json, which documents each; README \"Configuration\"):\n" +
        ProgramStart.CommonSettings + "\n" +
        "  urls   where the API listens (default http://127.0.0.1:8000)\n" +
        "  Storage:DataDir   faces, galleries, cameras, tokens and uploads (default ~/.local/share/facepipe)\n" +
        "  Storage:Mongo:ConnectionString   faces and galleries in MongoDB instead of SQLite\n" +
        "  Storage:ClaimsDir   the folder shared with the workers where images wait between stages (Cluster: required)\n" +
        "  Storage:GatewayNumber, Storage:GatewayCount   this gateway among those sharing a metadata store\n" +
        "  Index:Shards:<n>:Endpoint, Cells, Password, Ssl   Redis 8 index shards instead of the exact in-process index\n" +
        "  Models:Dir, Models:Facen, Nnd:*, Images:*   the models and detection limits\n" +
        "  Auth:BootstrapToken   a token created at start if absent\n" +
        "  Pipeline:StageTimeout   a stage's time to answer (an API call waits 4 times this)";

    public static Parsed Parse(string[] args)
    {
        IGatewayCommand? chosen = null;
        var root = new RootCommand(Description)
        {
            TreatUnmatchedTokensAsErrors = false,
            Subcommands =
            {
                TokenCommand.Define(command => chosen = command),
                RebuildIndexCommand.Define(command => chosen = command),
                RegenerateCommand.Define(command => chosen = command),
                PurgeCommand.Define(command => chosen = command),
                CheckIndexCommand.Define(command => chosen = command),
                ReshardCommand.Define(command => chosen = command),
            },
        };
        // No command: the server, with every argument as a setting.
        root.SetAction(_ => 0);
        foreach (var command in root.Subcommands.SelectMany(Self))
            command.TreatUnmatchedTokensAsErrors = false;

        var parsed = root.Parse(args);
        if (parsed.Action is HelpAction)
            return new Parsed(null, [], parsed.Invoke());
        var errors = parsed.Errors.Select(error => error.Message).ToList();
        if (parsed.CommandResult.Command != root)
            errors.AddRange(parsed.UnmatchedTokens.Where(token => !IsSetting(token)).Select(token =>
                $"{token} is not an option of {parsed.CommandResult.Command.Name}; it takes only " +
                $"{OptionNames(parsed.CommandResult.Command)}, and settings as --Section:Key=Value."));
        if (errors.Count > 0)
        {
            foreach (var error in errors)
                Console.Error.WriteLine($"{CommandPath(parsed.CommandResult)}: {error}");
            Console.Error.WriteLine("See 'Gateway --help'.");
            return new Parsed(null, [], ProgramStart.Refused);
        }
        parsed.Invoke();
        return new Parsed(chosen, [.. parsed.UnmatchedTokens], ExitCode: null);
    }

    // A value (no dash) follows a setting given as "--Key Value"; a setting itself has a section or is a top-level one.
    private static bool IsSetting(string token)
    {
        if (!token.StartsWith('-'))
            return true;
        var name = token.TrimStart('-', '/').Split('=', 2)[0];
        return name.Contains(':') || TopLevelSettings.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    private static string OptionNames(Command command)
    {
        var names = command.Options.Where(option => option is not HelpOption).Select(option => option.Name)
            .Concat(command.Subcommands.Select(sub => sub.Name)).ToList();
        return names.Count == 0 ? "no options" : string.Join(", ", names);
    }

    // "Gateway token revoke": the program, then each command down to the one the error is about.
    private static string CommandPath(CommandResult? result)
    {
        var names = new List<string>();
        for (; result is not null; result = result.Parent as CommandResult)
            names.Insert(0, result.Command is RootCommand ? "Gateway" : result.Command.Name);
        return string.Join(' ', names);
    }

    private static IEnumerable<Command> Self(Command command) => [command, .. command.Subcommands.SelectMany(Self)];
}
