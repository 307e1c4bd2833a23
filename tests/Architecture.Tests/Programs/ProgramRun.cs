using System.Diagnostics;
using TestSupport.Cluster;

namespace Architecture.Tests.Programs;

/// <summary>A program of the pipeline run as an operator runs it, <c>dotnet &lt;Program&gt;.dll ARGS</c> from its own build output,
/// with a data folder of its own, until it exits.</summary>
public static class ProgramRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string project, params string[] args)
    {
        var dataDir = Directory.CreateTempSubdirectory("facepipe-start-").FullName;
        try
        {
            var assembly = LocalCluster.BuiltAssembly(project);
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(assembly)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                // A gateway that does start (a spec that fails) must not touch the user's own data folder.
                Environment = { ["Storage__DataDir"] = dataDir },
            };
            foreach (var arg in (string[])[assembly, .. args])
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{project} {string.Join(' ', args)} still ran after {Timeout}: {await output}");
            }
            return (process.ExitCode, await output, await errors);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
