using System.Diagnostics;

namespace TestSupport.Cluster;

/// <summary>The RabbitMQ broker, started by scripts/rabbitmq.sh, and a virtual host of its own for each cluster.</summary>
public static class Broker
{
    private static readonly Lazy<string?> StartFailure = new(Start);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Why the broker cannot run here, or null once it runs.</summary>
    public static string? Unavailable => StartFailure.Value;

    public static async Task<string> CtlAsync(params string[] args)
    {
        var (code, output) = await RunAsync("scripts/rabbitmq.sh", ["ctl", "-q", .. args]);
        if (code != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} exited with {code}: {output}");
        return output;
    }

    /// <summary>Queue names and ready plus unacknowledged message counts in a virtual host.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> QueuesAsync(string virtualHost)
    {
        var output = await CtlAsync("list_queues", "-p", virtualHost, "--no-table-headers", "name", "messages");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(columns => columns[0], columns => long.Parse(columns[1]));
    }

    private static string? Start()
    {
        try
        {
            var (code, output) = RunAsync("scripts/rabbitmq.sh", ["start"]).GetAwaiter().GetResult();
            return code == 0 ? null : $"RabbitMQ could not be started by scripts/rabbitmq.sh (exit {code}): {output.Trim()}";
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException)
        {
            return $"RabbitMQ could not be started by scripts/rabbitmq.sh: {exception.Message}";
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string script, string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot, script))
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Pipeline.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
