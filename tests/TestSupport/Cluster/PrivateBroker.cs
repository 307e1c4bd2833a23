using System.Diagnostics;

namespace TestSupport.Cluster;

/// <summary>
/// A RabbitMQ node of a test's own, that the test may stop and start: its own node name, AMQP and distribution ports, data
/// and log folders under a temporary folder, and no plugins (the shared broker's console keeps its port). The shared broker
/// (<see cref="Broker"/>) serves other tests on this machine at the same time and is never stopped.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("facepipe-rabbitmq-").FullName;
    private readonly string _node = $"facepipe-{Guid.NewGuid():N}"[..20] + "@localhost";
    private readonly int _distributionPort = FreePort.Next();

    public int Port { get; } = FreePort.Next();

    private string PidFile => Path.Combine(_root, "node.pid");

    /// <summary>Starts the node and waits until it takes connections.</summary>
    /// <exception cref="InvalidOperationException">The node did not start; the message has its output.</exception>
    public async Task StartAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_root, "log"));
        await File.WriteAllTextAsync(Path.Combine(_root, "enabled_plugins"), "[].");
        // Debian's rabbitmq-server runs the node as the rabbitmq user: its folders must be that user's.
        await RunAsync("chown", "-R", "rabbitmq:rabbitmq", _root);
        await Checked("rabbitmq-server", "-detached");
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(500))
        {
            if ((await RunAsync("rabbitmqctl", "-n", _node, "-q", "ping")).Code == 0)
                break;
        }
        await Checked("rabbitmqctl", "-n", _node, "-q", "--timeout", "120", "await_startup");
    }

    /// <summary>Stops the node and waits for its runtime to end (its data stays, so a start brings back its durable queues): a
    /// start while the runtime still held the node's name and ports would find that dying node instead of starting one.
    /// <c>rabbitmqctl stop</c> returns seconds before the runtime ends; <c>shutdown</c> waits for it, but only when its call to
    /// halt the node answers: an error there (<c>{badrpc,nodedown}</c> if the node went down first) ends the command at once
    /// with a failed exit (its source, 3.10). So the wait is on the node's OS process, whatever the command said.</summary>
    /// <exception cref="InvalidOperationException">The node was not running, or its process still runs a minute later; the message
    /// has the command's output and the node's log.</exception>
    public async Task StopAsync()
    {
        if (!await ShutdownAsync())
            throw new InvalidOperationException($"the node's OS process is not known: it is not running. {LogTail()}");
    }

    /// <summary>What the node says now of its queues (messages waiting, consumers attached) and of its connections (their
    /// client's port, state and channels), or why it did not answer: for a failed test's output.</summary>
    public async Task<string> StateAsync()
    {
        var (_, queues) = await RunAsync("rabbitmqctl", "-n", _node, "-q", "list_queues", "name", "messages", "consumers");
        var (_, connections) = await RunAsync("rabbitmqctl", "-n", _node, "-q", "list_connections", "peer_port", "state", "channels");
        return $"queues (name, messages, consumers):\n{queues.Trim()}\nconnections (client port, state, channels):\n{connections.Trim()}\n" +
               LogTail();
    }

    /// <summary>The last lines of the node's own log: why it did not start or stop.</summary>
    private string LogTail()
    {
        var log = Path.Combine(_root, "log", _node + ".log");
        return File.Exists(log)
            ? $"the node's log, its last lines:\n{string.Join('\n', File.ReadLines(log).TakeLast(30))}"
            : $"the node wrote no log at {log}";
    }

    public async ValueTask DisposeAsync()
    {
        // Its folder is deleted once the node has stopped writing to it; a node already stopped has nothing to wait for.
        await ShutdownAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <returns>Whether the node was running.</returns>
    /// <exception cref="InvalidOperationException">Its process still runs a minute after the command.</exception>
    private async Task<bool> ShutdownAsync()
    {
        // The node writes its OS process id to its pid file as it starts, and removes the file when it stops cleanly.
        if (!File.Exists(PidFile) || !int.TryParse((await File.ReadAllTextAsync(PidFile)).Trim(), out var id) || !Directory.Exists($"/proc/{id}"))
            return false;
        var process = $"/proc/{id}";
        var (code, output) = await RunAsync("rabbitmqctl", "-n", _node, "-q", "shutdown");
        for (var wait = Stopwatch.StartNew(); Directory.Exists(process); await Task.Delay(100))
        {
            if (wait.Elapsed > TimeSpan.FromMinutes(1))
                throw new InvalidOperationException($"rabbitmqctl shutdown exited with {code} and the node still runs: {output}\n{LogTail()}");
        }
        return true;
    }

    private async Task Checked(string program, params string[] args)
    {
        var (code, output) = await RunAsync(program, args);
        if (code != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {code}: {output}\n{LogTail()}");
    }

    private async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["RABBITMQ_NODENAME"] = _node;
        start.Environment["RABBITMQ_NODE_PORT"] = Port.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString();
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_root, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root, "enabled_plugins");
        start.Environment["RABBITMQ_PID_FILE"] = PidFile;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
