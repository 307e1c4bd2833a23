using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Cluster.Tests.Support;
using TestSupport.Cluster;
using Xunit.Abstractions;

namespace Cluster.Tests;

/// <summary>
/// The broker goes away under a stream of enrollments and comes back: while it is down the gateway, which knows its bus is
/// unhealthy, answers 503 SERVICE_UNAVAILABLE at once instead of sending into the void; once it is back calls succeed again
/// within seconds; no call waits beyond its own timeout; and retries with their Idempotency-Key leave every acknowledged face
/// stored exactly once and nothing stored that was not acknowledged; the same when the broker goes away again while the
/// processes are still taking up their queues. The broker is a node of this spec's own (<see cref="PrivateBroker"/>): the
/// shared one serves other tests meanwhile.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BrokerRestart_Specs(ITestOutputHelper output)
{
    private const int Clients = 2;
    // Enrollments acknowledged after the broker is back for good before the stream ends.
    private const int AfterwardsEnrollments = 10;
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(5);
    // Pipeline:CallTimeout, four stages' worth.
    private static readonly TimeSpan CallTimeout = StageTimeout * 4;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ShortOutage = TimeSpan.FromSeconds(5);
    // How long the broker stays up between two outages: the processes are then reconnecting, not yet done.
    private static readonly TimeSpan Reconnecting = TimeSpan.FromSeconds(1.5);
    // Reconnecting (every 2 s), the saga's endpoint and the stages' ready again, and a call through them, on a loaded machine.
    private static readonly TimeSpan RecoveredWithin = TimeSpan.FromSeconds(10);
    // When the gateway's own endpoint comes back deaf (MassTransit's, see Hosting.ReplyPathWatchdog), its watchdog notices within
    // 3 s and restarts the bus within its 30 s limit (the stop waits at most 6 s for the messages in hand, Hosting.BusRegistration).
    // Calls answer 503 meanwhile, as they should. The gateway's lines about it are printed.
    private static readonly TimeSpan WatchdogRestartWithin = TimeSpan.FromSeconds(3 + 30);

    // Every process logs one timestamped line per event, and MassTransit's connection, channel and endpoint events (Debug), so
    // that a failed run shows how each process lost the broker and took its queues up again.
    private static readonly Dictionary<string, string> Logging = new()
    {
        ["Logging__LogLevel__MassTransit"] = "Debug",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    /// <param name="Reason">The error's reason, for a call not answered 200.</param>
    private sealed record Call(string Key, DateTime Started, TimeSpan Took, HttpStatusCode Status, string? Reason);

    [RabbitMqFact]
    public async Task Should_answer_503_at_once_while_the_broker_is_down_and_enroll_every_face_once_after_it_is_back()
    {
        await WithOutagesAsync(async (broker, stream, cluster) =>
        {
            // A few enrollments go through, then the broker stops for a while, and comes back.
            await stream.AcknowledgedAsync(5);
            await broker.StopAsync();
            var stopped = DateTime.UtcNow;
            await Task.Delay(Outage);
            var starting = DateTime.UtcNow;
            await broker.StartAsync();
            var restarted = DateTime.UtcNow;
            output.WriteLine($"broker stopped {stopped:HH:mm:ss.f}, started again {starting:HH:mm:ss.f}, up {restarted:HH:mm:ss.f}");
            await stream.FinishAsync(restarted);

            var calls = stream.Calls;
            var during = calls.Where(call => call.Started > stopped.AddSeconds(2) && call.Started + call.Took < starting).ToList();
            Assert.NotEmpty(during);
            var firstSuccess = FirstSuccessAfter(calls, restarted);
            output.WriteLine($"{calls.Count} calls; during the outage {during.Count}, statuses {string.Join(",", during.Select(c => (int)c.Status).Distinct())}, " +
                             $"slowest {during.Max(c => c.Took.TotalMilliseconds):F0} ms, median {Median(during):F0} ms; " +
                             $"first 200 {(firstSuccess - restarted).TotalSeconds:F1} s after the broker was up; " +
                             $"slowest call of all {calls.Max(c => c.Took).TotalSeconds:F1} s");

            // During the outage: only 503s, each answered fast (not after a timeout: the bound is far below the call's 20 s).
            Assert.All(during, call => Assert.Equal(HttpStatusCode.ServiceUnavailable, call.Status));
            Assert.All(during, call => Assert.True(call.Took < TimeSpan.FromSeconds(5), $"a 503 took {call.Took.TotalSeconds:F1} s"));
            // After it: calls succeed again within seconds; and no call ever waited beyond its own timeout.
            // MassTransit's own reconnection (3 to 30 s apart) gave the first 200 15 to 30 s after; ours tries every 2 s.
            AssertRecovered(cluster, restarted, firstSuccess);
            await stream.AssertEnrolledOnceAsync();
        });
    }

    [RabbitMqFact]
    public async Task Should_take_up_its_queues_again_when_the_broker_goes_away_while_they_reconnect()
    {
        await WithOutagesAsync(async (broker, stream, cluster) =>
        {
            // The broker comes back and goes away again while the processes declare their queues and open their consumers
            // (they do within 0.1 to 3.5 s of its return on a loaded machine), then comes back for good.
            await stream.AcknowledgedAsync(5);
            await broker.StopAsync();
            await Task.Delay(ShortOutage);
            await broker.StartAsync();
            var firstReturn = DateTime.UtcNow;
            await Task.Delay(Reconnecting);
            await broker.StopAsync();
            var stoppedAgain = DateTime.UtcNow;
            await Task.Delay(ShortOutage);
            await broker.StartAsync();
            var restarted = DateTime.UtcNow;
            output.WriteLine($"broker back {firstReturn:HH:mm:ss.f}, stopped again {stoppedAgain:HH:mm:ss.f}, up {restarted:HH:mm:ss.f}");
            await stream.FinishAsync(restarted);

            var firstSuccess = FirstSuccessAfter(stream.Calls, restarted);
            output.WriteLine($"{stream.Calls.Count} calls; first 200 {(firstSuccess - restarted).TotalSeconds:F1} s after the broker was up; " +
                             $"slowest call of all {stream.Calls.Max(c => c.Took).TotalSeconds:F1} s");
            AssertRecovered(cluster, restarted, firstSuccess);
            await stream.AssertEnrolledOnceAsync();
        });
    }

    private void AssertRecovered(LocalCluster cluster, DateTime restarted, DateTime firstSuccess)
    {
        var watchdog = cluster.GatewayProcesses[0].Log.Contains("Restarting the bus", StringComparison.Ordinal);
        output.WriteLine($"the gateway's bus {(watchdog ? "was" : "was not")} restarted by its reply path's watchdog");
        foreach (var line in cluster.GatewayProcesses[0].Log.Split('\n').Where(line =>
                     line.Contains("Restarting the bus", StringComparison.Ordinal) || line.Contains("Bus restarted", StringComparison.Ordinal) ||
                     line.Contains("Consumer stop canceled", StringComparison.Ordinal)))
            output.WriteLine(line);
        Assert.True(firstSuccess - restarted < RecoveredWithin + (watchdog ? WatchdogRestartWithin : TimeSpan.Zero),
            $"first 200 {(firstSuccess - restarted).TotalSeconds:F1} s after{(watchdog ? ", the bus restarted by its watchdog" : "")}");
    }

    /// <summary>A cluster on a broker of its own under a stream of enrollments, through <paramref name="outages"/>; a failure
    /// prints every process's whole log.</summary>
    private async Task WithOutagesAsync(Func<PrivateBroker, EnrollmentStream, LocalCluster, Task> outages)
    {
        await using var broker = new PrivateBroker();
        await broker.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(gateways: 1, detect: 1, embed: 1, index: 1, shards: [],
            new Dictionary<string, string> { ["Pipeline__StageTimeout"] = StageTimeout.ToString() }, broker, Logging);
        var stream = new EnrollmentStream(cluster.Gateways[0]);
        try
        {
            await outages(broker, stream, cluster);
        }
        catch
        {
            // The calls and the broker's state last: the end of a long output is what a CI log keeps.
            output.WriteLine(cluster.Logs(lines: int.MaxValue));
            output.WriteLine(await cluster.ReadinessAsync());
            output.WriteLine(await broker.StateAsync());
            output.WriteLine(stream.Describe());
            throw;
        }
    }

    private static DateTime FirstSuccessAfter(IReadOnlyList<Call> calls, DateTime restarted)
    {
        var successes = calls.Where(call => call.Started >= restarted && call.Status == HttpStatusCode.OK).ToList();
        Assert.True(successes.Count > 0, $"no call started after the broker was up at {restarted:HH:mm:ss.f} was answered 200");
        return successes.Min(call => call.Started + call.Took);
    }

    /// <summary>
    /// Enrollments streamed through the gateway by <see cref="Clients"/> clients, each face under an idempotency key of its own:
    /// a call answered 503 is sent again with its key until it is acknowledged, as a client would; any other answer fails it.
    /// The stream runs until the spec ends it after the last outage, so that it is still running whenever the broker goes away,
    /// however fast the machine enrolls.
    /// </summary>
    private sealed class EnrollmentStream
    {
        private readonly HttpClient _gateway;
        private readonly string _meta = "restart-" + Guid.NewGuid().ToString("N")[..8];
        private readonly List<Call> _calls = [];
        private readonly Dictionary<string, long> _acknowledged = [];
        private readonly List<Task> _clients;
        private volatile bool _finishing;
        private int _next;

        public EnrollmentStream(HttpClient gateway)
        {
            _gateway = gateway;
            _clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(EnrollAllAsync)).ToList();
        }

        /// <summary>Every call so far, in the order they ended.</summary>
        public IReadOnlyList<Call> Calls
        {
            get
            {
                lock (_calls)
                    return [.. _calls];
            }
        }

        public async Task AcknowledgedAsync(int count)
        {
            while (Acknowledged < count && !_clients.Any(task => task.IsFaulted))
                await Task.Delay(100);
        }

        /// <summary>Waits (for at most 5 minutes) for <see cref="AfterwardsEnrollments"/> enrollments started after
        /// <paramref name="restarted"/> to be acknowledged, then lets each client finish the face it is enrolling and stop.</summary>
        public async Task FinishAsync(DateTime restarted)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (Calls.Count(call => call.Started >= restarted && call.Status == HttpStatusCode.OK) < AfterwardsEnrollments
                   && !_clients.Any(task => task.IsFaulted) && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            _finishing = true;
            await Task.WhenAll(_clients).WaitAsync(CallTimeout * 2);
        }

        /// <summary>How far the stream got and its last calls, with the error of each call not answered 200.</summary>
        public string Describe()
        {
            var calls = Calls;
            return $"{Acknowledged} acknowledged; {calls.Count} calls, the last ones:\n" + string.Join('\n', calls.TakeLast(20)
                .Select(call => $"  {call.Started:HH:mm:ss.fff} {call.Key} {(int)call.Status} in {call.Took.TotalMilliseconds:F0} ms {call.Reason}"));
        }

        /// <summary>No call waited beyond its own timeout; every acknowledged face is stored once, nothing stored that was not
        /// acknowledged.</summary>
        public async Task AssertEnrolledOnceAsync()
        {
            Assert.All(Calls, call => Assert.True(call.Took < CallTimeout + TimeSpan.FromSeconds(5), $"a call took {call.Took.TotalSeconds:F1} s"));
            Assert.Equal(_next, _acknowledged.Count);
            Assert.Equal(_acknowledged.Values.Order(), (await StoredAsync(_gateway, _meta)).Order());
        }

        private int Acknowledged
        {
            get
            {
                lock (_acknowledged)
                    return _acknowledged.Count;
            }
        }

        private async Task EnrollAllAsync()
        {
            while (!_finishing)
            {
                var key = $"{_meta}-{Interlocked.Increment(ref _next)}";
                while (true)
                {
                    var (call, faceId) = await EnrollAsync(_gateway, key, _meta);
                    lock (_calls)
                        _calls.Add(call);
                    if (faceId is { } id)
                    {
                        lock (_acknowledged)
                            _acknowledged.Add(key, id);
                        break;
                    }
                    Assert.True(call.Status == HttpStatusCode.ServiceUnavailable,
                        $"{key} at {call.Started:HH:mm:ss.fff}: {(int)call.Status} in {call.Took.TotalMilliseconds:F0} ms, {call.Reason}");
                    await Task.Delay(200);
                }
            }
        }
    }

    private static async Task<(Call Call, long? FaceId)> EnrollAsync(HttpClient gateway, string key, string meta)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestSupport.Photos.Bytes("man1.jpg")), "photo", "man1.jpg" },
            { new StringContent(meta), "meta" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v0/face") { Content = form };
        request.Headers.Add("Idempotency-Key", key);
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        using var response = await gateway.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            return (new Call(key, started, clock.Elapsed, response.StatusCode, body), null);
        var call = new Call(key, started, clock.Elapsed, response.StatusCode, null);
        using var json = JsonDocument.Parse(body);
        return (call, json.RootElement.GetProperty("results")[0].GetProperty("id").GetInt64());
    }

    private static async Task<List<long>> StoredAsync(HttpClient gateway, string meta)
    {
        using var response = await gateway.GetAsync($"/v0/face/meta/{meta}");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("results").EnumerateArray().Select(face => face.GetProperty("id").GetInt64())];
    }

    private static double Median(IReadOnlyList<Call> calls) =>
        calls.Count == 0 ? 0 : calls.Select(c => c.Took.TotalMilliseconds).Order().ElementAt(calls.Count / 2);
}
