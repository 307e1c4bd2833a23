using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TestSupport;

/// <summary>findface-mass-enroll (beside the running assembly: reference the MassEnroll project) as a user runs it: its own process, in a working folder, its output read as text (not a terminal,
/// so progress comes as plain lines).</summary>
public sealed partial class MassEnrollTool : IDisposable
{
    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "findface-mass-enroll.dll");

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private MassEnrollTool(string workDir, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Take(_output, line.Data);
        _process.ErrorDataReceived += (_, line) => Take(_error, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static MassEnrollTool Start(string workDir, params string[] args) => new(workDir, args);

    /// <summary>Runs the tool to its end.</summary>
    public static async Task<MassEnrollTool> RunAsync(string workDir, params string[] args)
    {
        var tool = Start(workDir, args);
        await tool._process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(15));
        // The last lines may still be on their way from the pipes.
        tool._process.WaitForExit();
        return tool;
    }

    public int ExitCode => _process.ExitCode;
    public IReadOnlyList<string> Output => [.. _output];
    public string Error => string.Join('\n', _error);
    public string All => string.Join('\n', Output) + "\n" + Error;

    /// <summary>Waits until a line of output passes the test.</summary>
    public async Task WaitForLineAsync(Func<string, bool> test, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (!_output.Any(test))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The tool exited with {_process.ExitCode} first:\n{All}");
            await Task.Delay(50, expiry.Token);
        }
    }

    /// <summary>Sends the process SIGINT, as Ctrl+C on its terminal does, and waits until it exits (at most <paramref name="timeout"/>).</summary>
    public async Task InterruptAsync(TimeSpan timeout)
    {
        if (Kill(_process.Id, SignalInterrupt) != 0)
            throw new InvalidOperationException($"SIGINT could not be sent to process {_process.Id}: errno {Marshal.GetLastPInvokeError()}.");
        await _process.WaitForExitAsync().WaitAsync(timeout);
        // The last lines may still be on their way from the pipes.
        _process.WaitForExit();
    }

    private const int SignalInterrupt = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Kills the process at once, as a crash would: no Ctrl+C handling, no last save.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }

    private static void Take(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
            lines.Enqueue(line);
    }
}
