using System.Net.Http.Headers;

namespace TestSupport.Cluster;

/// <summary>
/// A cluster on this machine: gateways and workers as separate processes on a virtual host of their own, sharing one data
/// folder (metadata and uploads) and one claims folder, as they would share volumes across hosts.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public const string Token = "cluster-tests_bootstrap-token-00";

    private readonly string _root = Directory.CreateTempSubdirectory("facepipe-cluster-").FullName;
    private readonly List<ClusterProcess> _processes = [];

    // The shared broker's port unless the cluster runs on a broker of its own.
    private readonly int? _busPort;

    private LocalCluster(string virtualHost, PrivateBroker? broker, IReadOnlyDictionary<string, string>? processSettings) =>
        (VirtualHost, _busPort, _broker, _processSettings) = (virtualHost, broker?.Port, broker, processSettings ?? new Dictionary<string, string>());

    private readonly PrivateBroker? _broker;
    private readonly IReadOnlyDictionary<string, string> _processSettings;

    public string VirtualHost { get; }
    public string ClaimsDir => Path.Combine(_root, "claims");
    public IReadOnlyList<ClusterProcess> Detect => _processes.Where(p => p.Name.StartsWith("detect", StringComparison.Ordinal)).ToList();
    /// <summary>Every process started so far.</summary>
    public IReadOnlyList<ClusterProcess> Processes => _processes;
    public IReadOnlyList<ClusterProcess> Index => _processes.Where(p => p.Name.StartsWith("index", StringComparison.Ordinal)).ToList();
    public IReadOnlyList<ClusterProcess> GatewayProcesses => _processes.Where(p => p.Name.StartsWith("gateway", StringComparison.Ordinal)).ToList();
    public IReadOnlyList<ClusterProcess> Embed => _processes.Where(p => p.Name.StartsWith("embed", StringComparison.Ordinal)).ToList();
    public List<HttpClient> Gateways { get; } = [];

    /// <summary>Starts the workers, then the gateways one after the other (the first creates the metadata store). The index
    /// replicas share the Redis shards given, the cells split evenly among them; with none, run one index replica.</summary>
    /// <param name="gatewaySettings">More settings of every gateway, as environment variables (<c>Facenapi__PersonIdentify</c>).</param>
    /// <param name="broker">A started broker of the test's own, whose default virtual host the cluster takes; null: a virtual host
    /// of its own on the shared broker.</param>
    /// <param name="processSettings">More settings of every process, gateways and workers (their logging).</param>
    public static async Task<LocalCluster> StartAsync(int gateways, int detect, int embed, int index, IReadOnlyList<string> shards,
        IReadOnlyDictionary<string, string>? gatewaySettings = null, PrivateBroker? broker = null,
        IReadOnlyDictionary<string, string>? processSettings = null)
    {
        var cluster = new LocalCluster(broker is null ? "facepipe-test-" + Guid.NewGuid().ToString("N")[..8] : "/", broker, processSettings);
        if (broker is null)
        {
            await Broker.CtlAsync("add_vhost", cluster.VirtualHost);
            await Broker.CtlAsync("set_permissions", "-p", cluster.VirtualHost, "guest", ".*", ".*", ".*");
        }

        // Without shards, one index replica holds the exact index.
        var cellsPerShard = 1024 / Math.Max(shards.Count, 1);
        var shardMap = shards.SelectMany((endpoint, i) => new[]
        {
            KeyValuePair.Create($"Index__Shards__{i}__Endpoint", endpoint),
            KeyValuePair.Create($"Index__Shards__{i}__Cells", $"{i * cellsPerShard}-{(i == shards.Count - 1 ? 1023 : (i + 1) * cellsPerShard - 1)}"),
        }).ToList();
        var workers = Enumerable.Range(0, index).Select(i => cluster.Add($"index{i}", "Workers.Index", new(shardMap), [])).ToList();
        workers.AddRange(Enumerable.Range(0, detect).Select(i => cluster.Add($"detect{i}", "Workers.Detect", [], [])));
        workers.AddRange(Enumerable.Range(0, embed).Select(i => cluster.Add($"embed{i}", "Workers.Embed", [], [])));
        await Task.WhenAll(workers.Select(worker => worker.StartAsync()));

        for (var i = 0; i < gateways; i++)
        {
            var settings = new Dictionary<string, string>
            {
                ["Storage__DataDir"] = Path.Combine(cluster._root, "data"),
                ["Storage__GatewayNumber"] = i.ToString(),
                ["Storage__GatewayCount"] = gateways.ToString(),
                ["Auth__BootstrapToken"] = Token,
                ["Pipeline__StageTimeout"] = "00:00:15",
            };
            foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string>())
                settings[key] = value;
            var gateway = cluster.Add($"gateway{i}", "Gateway", settings, []);
            await gateway.StartAsync();
            var client = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
            cluster.Gateways.Add(client);
        }
        return cluster;
    }

    /// <summary>Another process on the cluster's bus and claims folder (the video detector), not started yet.</summary>
    public ClusterProcess Join(string name, string project, params string[] args) => Add(name, project, [], args);

    /// <summary>The last <paramref name="lines"/> lines of every process's log.</summary>
    public string Logs(int lines = 40) => string.Join('\n', _processes.Select(process => process.Tail(lines)));

    /// <summary>What every process's <c>/health/ready</c> answers now (or why it does not answer), one line each.</summary>
    public async Task<string> ReadinessAsync()
    {
        var reports = await Task.WhenAll(_processes.Select(async process => $"{process.Name}: {await process.ReadinessAsync()}"));
        return string.Join('\n', reports);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Gateways)
            client.Dispose();
        foreach (var process in _processes)
            process.Dispose();
        if (_broker is null)
            await Broker.CtlAsync("delete_vhost", VirtualHost);
        Directory.Delete(_root, recursive: true);
    }

    private ClusterProcess Add(string name, string project, Dictionary<string, string> environment, string[] args)
    {
        foreach (var (key, value) in _processSettings)
            environment.TryAdd(key, value);
        environment["Deployment"] = "Cluster";
        environment["Bus__VirtualHost"] = VirtualHost;
        if (_busPort is { } port)
            environment["Bus__Port"] = port.ToString();
        environment["Storage__ClaimsDir"] = ClaimsDir;
        // Every process serves its health and metrics (the gateway its API too) on a port of its own.
        var address = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}");
        var process = new ClusterProcess(name, BuiltAssembly(project), environment, [.. args, "--urls", address.ToString()], address);
        _processes.Add(process);
        return process;
    }

    /// <summary>The project's build output beside this test's (artifacts/bin/&lt;project&gt;/&lt;configuration&gt;).</summary>
    public static string BuiltAssembly(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", project, configuration, project + ".dll"));
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built: build Pipeline.sln first.", path);
    }
}
