using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.FunctionalTests.Api;
using TestSupport;

namespace Gateway.FunctionalTests.Observability;

/// <summary>A gateway whose log lines are kept, to read the per-call line.</summary>
public sealed class LoggedGateway : GatewayFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(new LineSink(Lines))));
    }

    private sealed class LineSink(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}

public sealed class Observability_Specs(LoggedGateway gateway) : IClassFixture<LoggedGateway>
{
    [Fact]
    public async Task Should_be_live_and_ready_without_a_token_once_bus_store_index_and_models_answer()
    {
        using var client = gateway.CreateClient();
        using (var live = await client.GetAsync("/health/live"))
            Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.StatusCode, await live.Content.ReadAsStringAsync()));

        using var ready = await client.GetAsync("/health/ready");
        var report = await ready.JsonAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, report.ToString());
        var checks = report.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        foreach (var check in new[] { "models", "store", "index" })
            Assert.Equal("Healthy", checks[check]);
        Assert.Contains(checks, check => check.Key.Contains("bus", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Should_count_enrolled_faces_and_stage_and_model_times_in_metrics()
    {
        using var client = gateway.CreateAuthorizedClient();
        var before = Metrics.Sum(await ScrapeAsync(client), "facepipe_faces_enrolled_total");
        await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), "metrics");
        await client.EnrollAsync(TestSupport.Photos.Bytes("man2.jpg"), "metrics");

        var metrics = await ScrapeAsync(client);
        // Other specs in this process may enroll at the same time: at least these two were counted.
        Assert.True(Metrics.Sum(metrics, "facepipe_faces_enrolled_total") - before >= 2, metrics);
        foreach (var stage in new[] { "detect", "embed", "index", "persist" })
            Assert.True(Metrics.Sum(metrics, "facepipe_stage_duration_milliseconds_count", $"stage=\"{stage}\"") >= 2, stage);
        Assert.True(Metrics.Sum(metrics, "facepipe_model_duration_milliseconds_count", "model=\"") >= 2);
        // Requests by route come from ASP.NET Core's meter of each host; with several gateways in this process the exporter may
        // read another's, so Cluster_Specs checks them on gateways that are processes of their own.
    }

    [Fact]
    public async Task Should_log_one_line_per_call_with_its_stage_times_and_route_but_not_its_meta()
    {
        using var client = gateway.CreateAuthorizedClient();
        var meta = $"Sam Berry {Guid.NewGuid():N}";
        await client.EnrollAsync(TestSupport.Photos.Bytes("man2.jpg"), meta);
        using (await client.GetAsync($"/v0/face/meta/{Uri.EscapeDataString(meta)}")) { }

        var lines = gateway.Lines.Where(line => line.StartsWith("Gateway.Http.CallLogMiddleware", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, line => Regex.IsMatch(line,
            @"200 POST /v0/face \(.*\) \d+ ms: detect [\d.]+ embed [\d.]+ index [\d.]+ persist [\d.]+$"));
        Assert.Contains(lines, line => line.Contains("200 GET /{version}/face/meta/{meta}", StringComparison.Ordinal)
            || line.Contains("200 GET /v0/face/meta/{meta}", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(meta, StringComparison.Ordinal));
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
