using System.Collections.Concurrent;
using System.Diagnostics;

namespace TestSupport.Cluster;

/// <summary>One process of the cluster (a built gateway or worker run with dotnet), which can be killed and started again.</summary>
/// <param name="address">Where it serves HTTP: its health and metrics endpoints, and a gateway's API.</param>
public sealed class ClusterProcess(string name, string assembly, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> args,
    Uri address) : IDisposable
{
    /// <summary>What <c>Hosting.BusHealthLog</c> writes once the process's bus is ready.</summary>
    private const string HealthyLine = "Bus health: Healthy";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;
    private TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => name;

    public Uri Address => address;

    /// <summary>The running process's id (for its resident memory), null before it starts.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Starts the process and waits until its bus is healthy.</summary>
    public async Task StartAsync()
    {
        var process = Launch();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(_healthy.Task, exited).WaitAsync(StartTimeout);
        if (first == exited)
            throw new InvalidOperationException($"{name} exited with {process.ExitCode} before its bus was healthy:\n{Tail()}");
    }

    /// <summary>Runs a process that ends by itself (the video detector on a file) and returns its exit code.</summary>
    public async Task<int> RunToEndAsync(TimeSpan timeout)
    {
        var process = Launch();
        await process.WaitForExitAsync().WaitAsync(timeout);
        // The last lines may still be on their way from the pipes.
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Everything the process wrote so far, stdout and stderr.</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>Kills the process at once, as a crash would: no graceful stop, unacknowledged messages go back to the queue.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    /// <summary>What the process's <c>/health/ready</c> answers now: its status code and report, or why it did not answer.</summary>
    public async Task<string> ReadinessAsync()
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync("/health/ready");
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return $"no answer ({exception.GetType().Name}: {exception.Message})";
        }
    }

    public string Tail(int lines = 40) => $"--- {name}\n" + string.Join('\n', _log.TakeLast(lines));

    public void Dispose()
    {
        if (_process is { HasExited: false })
            Kill();
        _process?.Dispose();
    }

    private Process Launch()
    {
        _healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root, so that the gateway reads its appsettings.json.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Take(line.Data);
        process.ErrorDataReceived += (_, line) => Take(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    private void Take(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        if (line.Contains(HealthyLine, StringComparison.Ordinal))
            _healthy.TrySetResult();
    }
}
