namespace Gateway.Maintenance;

/// <summary>A command of the gateway program, run instead of the server on the configured data folder.</summary>
public interface IGatewayCommand
{
    /// <returns>The process's exit code.</returns>
    Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken);
}
