using System.Diagnostics;
using System.Text;

namespace Gateway.FunctionalTests;

/// <summary>The gateway program run as an operator runs it, for its commands (token, rebuild-index, regenerate).</summary>
public static class GatewayProgram
{
    /// <summary>Runs <c>dotnet Gateway.dll ARGS --Key=Value...</c> on a data folder; <paramref name="printed"/> sees each line of
    /// its standard output as it comes, with the process (to signal it).</summary>
    /// <returns>Its exit code and what it printed on standard output and standard error.</returns>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string dataDir, IEnumerable<(string Key, string Value)> settings,
        string[] args, Action<Process, string>? printed = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Storage__DataDir"] = dataDir },
        };
        foreach (var arg in (string[])[typeof(Program).Assembly.Location, .. args, .. settings.Select(setting => $"--{setting.Key}={setting.Value}")])
            start.ArgumentList.Add(arg);
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
                return;
            lock (output)
                output.AppendLine(line.Data);
            printed?.Invoke(process, line.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var errorText = await errors;
        lock (output)
            return (process.ExitCode, output.ToString(), errorText);
    }

    /// <summary>What Ctrl+C sends.</summary>
    public static void Interrupt(Process process) => Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
}
