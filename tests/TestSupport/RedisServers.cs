using System.Diagnostics;

namespace TestSupport;

/// <summary>Redis 8 shard servers on free loopback ports, started and stopped by scripts/redis.sh (which builds and caches
/// the binary first if it must), so that tests and benchmarks run against real shards, persisted as production shards are
/// (append-only file).</summary>
public sealed class RedisServers : IDisposable
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "scripts", "redis.sh");

    // The servers' folders (logs, append-only files), gone with them; a server stopped and started again keeps its data.
    private readonly DirectoryInfo _runs = Directory.CreateTempSubdirectory("facepipe-redis-");

    public RedisServers(int count)
    {
        Ports = [.. Enumerable.Range(0, count).Select(_ => FreePort.Next())];
        Run("start", Ports);
    }

    public IReadOnlyList<int> Ports { get; }

    public IReadOnlyList<string> Endpoints => [.. Ports.Select(port => $"127.0.0.1:{port}")];

    public void Stop(int server) => Run("stop", [Ports[server]]);

    public void Start(int server) => Run("start", [Ports[server]]);

    /// <summary>Kills a server as a crash would (SIGKILL): what its append-only file had not written within the last second may
    /// be lost, as in production.</summary>
    public void Kill(int server)
    {
        using var process = Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(_runs.FullName, Ports[server].ToString(), "redis.pid")).Trim()));
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        Run("stop", Ports);
        _runs.Delete(recursive: true);
    }

    private void Run(string command, IEnumerable<int> ports)
    {
        var start = new ProcessStartInfo(Script, [command, .. ports.Select(port => port.ToString())])
            { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["FACEPIPE_REDIS_RUN"] = _runs.FullName } };
        using var process = Process.Start(start)!;
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/redis.sh {command} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
