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

    // The secrets .env leaves to the operator, as an operator sets them.
    private const string RabbitMqPassword = "rabbit-secret";
    private const string RedisPassword = "redis-secret";
    private const string GrafanaPassword = "grafana-secret";

    private static readonly (string Name, string Value)[] Secrets =
        [("RABBITMQ_PASSWORD", RabbitMqPassword), ("REDIS_PASSWORD", RedisPassword), ("GRAFANA_ADMIN_PASSWORD", GrafanaPassword)];

    // As .env has it with the secrets set; rendered once for the specs that read it (docker-compose takes seconds to start).
    private static readonly Lazy<Task<YamlMappingNode>> AsConfigured = new(() => RenderAsync(Secrets));

    [Fact]
    public async Task Should_render_every_service_of_the_stack_with_the_replicas_of_its_env_file()
    {
        var services = await AsConfigured.Value;

        Assert.Equal(Services, services.Children.Keys.Select(key => ((YamlScalarNode)key).Value).Order(StringComparer.Ordinal));
        foreach (var worker in (string[])["detect", "embed", "index"])
            Assert.Equal("2", Value(services, worker, "deploy", "replicas"));
        Assert.Equal("1", Value(services, "video", "deploy", "replicas"));
    }

    [Theory]
    [InlineData("RABBITMQ_PASSWORD")]
    [InlineData("REDIS_PASSWORD")]
    [InlineData("GRAFANA_ADMIN_PASSWORD")]
    public async Task Should_refuse_to_render_the_stack_without_a_password_for_rabbitmq_the_redis_shards_and_grafana(string missing)
    {
        var (exitCode, _, errors) = await ConfigAsync([.. Secrets.Where(secret => secret.Name != missing)]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"set {missing} in compose/.env", errors);
    }

    [Fact]
    public async Task Should_publish_only_the_rabbitmq_console_and_on_this_host_unless_told_otherwise()
    {
        var services = await AsConfigured.Value;

        Assert.Equal([("127.0.0.1", "15672", "15672")], Ports(services, "rabbitmq"));
        foreach (var shard in (string[])["redis-0", "redis-1", "mongo"])
            Assert.False(((YamlMappingNode)services[shard]).Children.ContainsKey("ports"), $"{shard} publishes a port");
        var opened = await RenderAsync([.. Secrets, ("RABBITMQ_CONSOLE_ADDRESS", "0.0.0.0"), ("RABBITMQ_CONSOLE_PORT", "25672")]);
        Assert.Equal([("0.0.0.0", "25672", "15672")], Ports(opened, "rabbitmq"));
    }

    [Fact]
    public async Task Should_run_the_redis_shards_with_the_password_that_the_index_workers_and_health_checks_use()
    {
        var services = await AsConfigured.Value;

        foreach (var shard in (string[])["redis-0", "redis-1"])
        {
            var command = Command(services, shard).ToList();
            Assert.Equal(RedisPassword, command[command.IndexOf("--requirepass") + 1]);
            Assert.Equal(RedisPassword, Value(services, shard, "environment", "REDISCLI_AUTH"));
        }
        Assert.Equal(RedisPassword, Value(services, "index", "environment", "Index__Shards__0__Password"));
        Assert.Equal(RedisPassword, Value(services, "index", "environment", "Index__Shards__1__Password"));
        foreach (var service in (string[])["gateway-0", "detect", "embed", "index", "video"])
            Assert.Equal(RabbitMqPassword, Value(services, service, "environment", "Bus__Password"));
        Assert.Equal(RabbitMqPassword, Value(services, "rabbitmq", "environment", "RABBITMQ_DEFAULT_PASS"));
    }

    [Fact]
    public async Task Should_take_replicas_and_the_shard_map_from_the_environment()
    {
        var services = await RenderAsync([.. Secrets, ("DETECT_REPLICAS", "5"), ("EMBED_REPLICAS", "3"), ("INDEX_SHARD_0_CELLS", "0-99"),
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
            Assert.Equal("Cluster", Value(services, service, "environment", "Deployment"));
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

        var configured = await RenderAsync([.. Secrets, ("VIDEO_DETECTOR_NAME", "hall-2"), ("BOOTSTRAP_TOKEN", "t0ken"),
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
            Assert.Equal("127.0.0.1", Ports(services, service).Single(published => published.Target == port.ToString()).Address);
        Assert.Equal(GrafanaPassword, Value(services, "grafana", "environment", "GF_SECURITY_ADMIN_PASSWORD"));

        var scrape = await File.ReadAllTextAsync(Path.Combine(Broker.RepositoryRoot, "compose/prometheus/prometheus.yml"));
        foreach (var target in (string[])["gateway-0:8000", "gateway-1:8000", "\"detect\"", "\"embed\"", "\"index\"", "\"video\"", "rabbitmq:15692"])
            Assert.Contains(target, scrape);
        using var dashboard = System.Text.Json.JsonDocument.Parse(
            await File.ReadAllTextAsync(Path.Combine(Broker.RepositoryRoot, "compose/grafana/dashboards/facepipe.json")));
        Assert.True(dashboard.RootElement.GetProperty("panels").GetArrayLength() >= 8);
    }

    /// <summary>The stack <c>docker-compose config</c> renders.</summary>
    private static async Task<YamlMappingNode> RenderAsync(IReadOnlyList<(string Name, string Value)> environment)
    {
        var (exitCode, output, errors) = await ConfigAsync(environment);
        Assert.True(exitCode == 0, $"docker-compose config exited with {exitCode}:\n{errors}");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    /// <summary>Runs <c>docker-compose config</c> from the repository root; the environment overrides .env, as a shell's does.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> ConfigAsync(IReadOnlyList<(string Name, string Value)> environment)
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

    // Compose 1.x renders a port with a host address as "ADDRESS:PUBLISHED:TARGET/PROTOCOL", Compose 2 as a mapping.
    private static IEnumerable<(string? Address, string? Published, string? Target)> Ports(YamlMappingNode services, string service) =>
        ((YamlSequenceNode)Node(services, service, "ports")).Children.Select(port => port switch
        {
            YamlMappingNode mapping => (Value(mapping, "host_ip"), Value(mapping, "published"), Value(mapping, "target")),
            var line => ((YamlScalarNode)line).Value!.Split('/')[0].Split(':') is [var address, var published, var target]
                ? (address, published, target)
                : (null, null, null),
        });

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

    private static IEnumerable<string?> Volumes(YamlMappingNode services, string service) =>
        ((YamlSequenceNode)Node(services, service, "volumes")).Children.Select(volume => ((YamlScalarNode)volume).Value);
}
