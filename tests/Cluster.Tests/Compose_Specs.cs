using System.Diagnostics;
using TestSupport.Cluster;
using YamlDotNet.RepresentationModel;

namespace Cluster.Tests;

/// <summary>
/// compose/: the cluster stack as Compose renders it from docker-compose.yml and .env. No Docker engine runs here
/// (FIELD-NOTES.md), so the stack is checked by <c>docker-compose config</c>, which needs none, and is not started.
/// </summary>
public sealed class Compose_Specs
{
    private static readonly string[] Services =
        ["detect", "embed", "gateway-0", "gateway-1", "grafana", "index", "mongo", "prometheus", "proxy", "rabbitmq", "redis-0", "redis-1", "video"];

    // What .env leaves empty on purpose, so that nobody runs the stack with a password everyone knows.
    private static readonly (string Name, string Value)[] Secrets = [("GRAFANA_ADMIN_PASSWORD", "grafana-secret")];

    // As .env has it; rendered once for the specs that read it (docker-compose takes seconds to start).
    private static readonly Lazy<Task<YamlMappingNode>> AsConfigured = new(() => RenderAsync([]));

    [Fact]
    public async Task Should_render_every_service_of_the_stack_with_the_replicas_of_its_env_file()
    {
        var services = await AsConfigured.Value;

        Assert.Equal(Services, services.Children.Keys.Select(key => ((YamlScalarNode)key).Value).Order(StringComparer.Ordinal));
        foreach (var worker in (string[])["detect", "embed", "index"])
            Assert.Equal("2", Value(services, worker, "deploy", "replicas"));
        Assert.Equal("1", Value(services, "video", "deploy", "replicas"));
        Assert.Equal("15672", Value((YamlMappingNode)((YamlSequenceNode)Node(services, "rabbitmq", "ports")).Children[0], "target"));
    }

    [Fact]
    public async Task Should_take_replicas_and_the_shard_map_from_the_environment()
    {
        var services = await RenderAsync([("DETECT_REPLICAS", "5"), ("EMBED_REPLICAS", "3"), ("INDEX_SHARD_0_CELLS", "0-99"),
            ("INDEX_SHARD_1_CELLS", "100-1023"), ("VIDEO_REPLICAS", "0")]);

        Assert.Equal("5", Value(services, "detect", "deploy", "replicas"));
        Assert.Equal("3", Value(services, "embed", "deploy", "replicas"));
        Assert.Equal("0", Value(services, "video", "deploy", "replicas"));
        Assert.Equal("redis-0:6379", Value(services, "index", "environment", "Index__Shards__0__Endpoint"));
        Assert.Equal("0-99", Value(services, "index", "environment", "Index__Shards__0__Cells"));
        Assert.Equal("redis-1:6379", Value(services, "index", "environment", "Index__Shards__1__Endpoint"));
        Assert.Equal("100-1023", Value(services, "index", "environment", "Index__Shards__1__Cells"));
    }

    [Fact]
    public async Task Should_give_each_gateway_its_own_number_and_every_stage_the_same_bus_and_claims()
    {
        var services = await AsConfigured.Value;

        Assert.Equal("0", Value(services, "gateway-0", "environment", "Storage__GatewayNumber"));
        Assert.Equal("1", Value(services, "gateway-1", "environment", "Storage__GatewayNumber"));
        foreach (var service in (string[])["gateway-0", "gateway-1", "detect", "embed", "index", "video"])
        {
            Assert.Equal("RabbitMq", Value(services, service, "environment", "Bus__Transport"));
            Assert.Equal("rabbitmq", Value(services, service, "environment", "Bus__Host"));
            Assert.NotNull(Node(services, service, "healthcheck"));
        }
        foreach (var service in (string[])["gateway-0", "gateway-1", "detect", "embed", "video"])
        {
            Assert.Equal("/claims", Value(services, service, "environment", "Storage__ClaimsDir"));
            Assert.Contains("claims:/claims:rw", Volumes(services, service));
            Assert.Equal("/models", Value(services, service, "environment", "Models__Dir"));
        }
        Assert.Equal("2", Value(services, "gateway-0", "environment", "Storage__GatewayCount"));
        Assert.Equal("mongodb://mongo:27017", Value(services, "gateway-1", "environment", "Storage__Mongo__ConnectionString"));
        Assert.Contains("data:/data:rw", Volumes(services, "gateway-1"));
    }

    [Fact]
    public async Task Should_run_the_video_detector_on_the_bus_for_the_cameras_of_its_detector_name()
    {
        var services = await AsConfigured.Value;

        Assert.Equal("Workers.Video", Value(services, "video", "build", "args", "PROJECT"));
        Assert.Equal("ffmpeg", Value(services, "video", "build", "args", "PACKAGES"));
        // The cameras /camera keeps for its name, through the proxy with the bootstrap token (none in .env: the option's default).
        Assert.Equal(["--detector-name=video", "--api-host=proxy", "--api-port=80", "--api-token=", "--req-timeout", "10"],
            Command(services, "video"));
        Assert.Equal("http://0.0.0.0:8080", Value(services, "video", "environment", "Urls"));

        var configured = await RenderAsync([("VIDEO_DETECTOR_NAME", "hall-2"), ("BOOTSTRAP_TOKEN", "t0ken"),
            ("VIDEO_OPTIONS", "--realtime 1 --min-score -2 --body galleries=visitors")]);

        Assert.Equal(["--detector-name=hall-2", "--api-host=proxy", "--api-port=80", "--api-token=t0ken", "--realtime", "1",
            "--min-score", "-2", "--body", "galleries=visitors"], Command(configured, "video"));
    }

    [Fact]
    public async Task Should_check_every_service_by_its_ready_endpoint_and_scrape_its_metrics_into_a_provisioned_dashboard()
    {
        var services = await AsConfigured.Value;

        foreach (var (service, port) in new[] { ("gateway-0", 8000), ("gateway-1", 8000), ("detect", 8080), ("embed", 8080), ("index", 8080), ("video", 8080) })
        {
            Assert.Contains($"http://127.0.0.1:{port}/health/ready", ((YamlSequenceNode)Node(services, service, "healthcheck", "test")).Children
                .Select(part => ((YamlScalarNode)part).Value));
            if (port == 8080)
                Assert.Equal("http://0.0.0.0:8080", Value(services, service, "environment", "Urls"));
        }
        // Monitoring is published on loopback only, and Grafana has the password of .env, not a default one.
        foreach (var (service, port) in new[] { ("prometheus", 9090), ("grafana", 3000) })
            Assert.StartsWith("127.0.0.1:", PublishedPorts(services, service).Single(published => published.EndsWith($":{port}", StringComparison.Ordinal)));
        Assert.Equal("grafana-secret", Value(services, "grafana", "environment", "GF_SECURITY_ADMIN_PASSWORD"));

        var scrape = await File.ReadAllTextAsync(Path.Combine(Broker.RepositoryRoot, "compose/prometheus/prometheus.yml"));
        foreach (var target in (string[])["gateway-0:8000", "gateway-1:8000", "\"detect\"", "\"embed\"", "\"index\"", "\"video\"", "rabbitmq:15692"])
            Assert.Contains(target, scrape);
        using var dashboard = System.Text.Json.JsonDocument.Parse(
            await File.ReadAllTextAsync(Path.Combine(Broker.RepositoryRoot, "compose/grafana/dashboards/facepipe.json")));
        Assert.True(dashboard.RootElement.GetProperty("panels").GetArrayLength() >= 8);
    }

    [Fact]
    public async Task Should_refuse_to_render_without_the_grafana_password()
    {
        var (code, _, error) = await RunConfigAsync([("GRAFANA_ADMIN_PASSWORD", "")]);

        Assert.NotEqual(0, code);
        Assert.Contains("GRAFANA_ADMIN_PASSWORD", error);
    }

    /// <summary>Renders the stack as <c>docker-compose config</c> does, with <see cref="Secrets"/> given unless overridden.</summary>
    private static async Task<YamlMappingNode> RenderAsync(IReadOnlyList<(string Name, string Value)> environment)
    {
        var (code, output, error) = await RunConfigAsync([.. Secrets, .. environment]);
        Assert.True(code == 0, $"docker-compose config exited with {code}:\n{error}");

        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    /// <summary>Runs <c>docker-compose config</c> from the repository root; the environment overrides .env, as a shell's does.</summary>
    private static async Task<(int Code, string Output, string Error)> RunConfigAsync(IReadOnlyList<(string Name, string Value)> environment)
    {
        // Debian 12's docker-compose 1.29 checks and renders the files without a Docker engine.
        var start = new ProcessStartInfo("docker-compose", ["-f", "compose/docker-compose.yml", "--env-file", "compose/.env", "config"])
        {
            WorkingDirectory = Broker.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("docker-compose did not start (scripts/test.sh installs it)");
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static YamlNode Node(YamlMappingNode services, string service, params string[] path) =>
        path.Aggregate(services[service], (node, key) => ((YamlMappingNode)node)[key]);

    private static string? Value(YamlMappingNode services, string service, params string[] path) =>
        ((YamlScalarNode)Node(services, service, path)).Value;

    private static string? Value(YamlMappingNode mapping, string key) => ((YamlScalarNode)mapping[key]).Value;

    // Compose 1.x renders a command given as a string as that string, Compose 2 as its arguments.
    private static IEnumerable<string?> Command(YamlMappingNode services, string service) => Node(services, service, "command") switch
    {
        YamlSequenceNode arguments => arguments.Children.Select(argument => ((YamlScalarNode)argument).Value),
        var line => ((YamlScalarNode)line).Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
    };

    // Compose 1.x renders a port with a host address as "host:published:target/protocol", Compose 2 as a mapping.
    private static IEnumerable<string> PublishedPorts(YamlMappingNode services, string service) =>
        ((YamlSequenceNode)Node(services, service, "ports")).Children.Select(port => port switch
        {
            YamlMappingNode mapping => $"{Value(mapping, "host_ip")}:{Value(mapping, "published")}:{Value(mapping, "target")}",
            var text => ((YamlScalarNode)text).Value!.Split('/')[0],
        });

    private static IEnumerable<string?> Volumes(YamlMappingNode services, string service) =>
        ((YamlSequenceNode)Node(services, service, "volumes")).Children.Select(volume => ((YamlScalarNode)volume).Value);
}
