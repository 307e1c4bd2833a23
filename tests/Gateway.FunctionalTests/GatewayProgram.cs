using System.Diagnostics;

namespace Gateway.FunctionalTests;

/// <summary>The gateway program run as an operator runs it, for its commands (token, rebuild-index, regenerate).</summary>
public static class GatewayProgram
{
    /// <summary>Runs <c>dotnet Gateway.dll ARGS --Key=Value...</c> on a data folder.</summary>
    /// <returns>Its exit code and what it printed on standard output and standard error.</returns>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string dataDir, IEnumerable<(string Key, string Value)> settings,
        params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Storage__DataDir"] = dataDir },
        };
        foreach (var arg in (string[])[typeof(Program).Assembly.Location, .. args, .. settings.Select(setting => $"--{setting.Key}={setting.Value}")])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output, await errors);
    }
}
