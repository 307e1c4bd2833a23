using Gateway.Auth;

namespace Gateway.Maintenance;

/// <summary>A command of the gateway program, run instead of the server on the configured data folder.</summary>
public interface IGatewayCommand
{
    /// <summary>The arguments left to configure the host as the server's would (--Storage:DataDir=..., --Index:Shards:...).</summary>
    string[] HostArgs { get; }

    /// <returns>The process's exit code.</returns>
    Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken);
}

/// <summary>The gateway program's commands: <c>token</c>, <c>rebuild-index</c>, <c>regenerate</c>, <c>purge</c>, <c>check-index</c> and <c>reshard</c>.</summary>
public static class GatewayCommands
{
    /// <summary>The command the arguments ask for, or null when they ask for the server.</summary>
    public static IGatewayCommand? Parse(string[] args) => args switch
    {
        [TokenCommand.Name, .. var rest] => TokenCommand.Parse(rest),
        [RebuildIndexCommand.Name, .. var rest] => new RebuildIndexCommand(MaintenanceArguments.Parse(rest)),
        [RegenerateCommand.Name, .. var rest] => new RegenerateCommand(MaintenanceArguments.Parse(rest)),
        [PurgeCommand.Name, .. var rest] => new PurgeCommand(MaintenanceArguments.Parse(rest)),
        [CheckIndexCommand.Name, .. var rest] => CheckIndexCommand.Parse(rest),
        [ReshardCommand.Name, .. var rest] => ReshardCommand.Parse(rest),
        _ => null,
    };
}
