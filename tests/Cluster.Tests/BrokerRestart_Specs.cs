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
/// stored exactly once and nothing stored that was not acknowledged. The broker is a node of this spec's own
/// (<see cref="PrivateBroker"/>): the shared one serves other tests meanwhile.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BrokerRestart_Specs(ITestOutputHelper output)
{
    private const int Clients = 2;
    private const int Enrollments = 30;
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(5);
    // Pipeline:CallTimeout, four stages' worth.
    private static readonly TimeSpan CallTimeout = StageTimeout * 4;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    // Reconnecting (every 2 s), the saga's endpoint and the stages' ready again, and a call through them, on a loaded machine.
    private static readonly TimeSpan RecoveredWithin = TimeSpan.FromSeconds(10);

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
        await using var broker = new PrivateBroker();
        await broker.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(gateways: 1, detect: 1, embed: 1, index: 1, shards: [],
            new Dictionary<string, string> { ["Pipeline__StageTimeout"] = StageTimeout.ToString() }, broker, Logging);
        var gateway = cluster.Gateways[0];
        var meta = "restart-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var calls = new List<Call>();
            var acknowledged = new Dictionary<string, long>();
            var next = 0;
            var stopped = DateTime.MaxValue;
            var restarted = DateTime.MaxValue;
            var enrolling = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                for (var n = Interlocked.Increment(ref next); n <= Enrollments; n = Interlocked.Increment(ref next))
                {
                    var key = $"{meta}-{n}";
                    // A call answered 503 is sent again with its key until it is acknowledged, as a client would.
                    while (true)
                    {
                        var (call, faceId) = await EnrollAsync(gateway, key, meta);
                        lock (calls)
                            calls.Add(call);
                        if (faceId is { } id)
                        {
                            lock (acknowledged)
                                acknowledged.Add(key, id);
                            break;
                        }
                        Assert.Equal(HttpStatusCode.ServiceUnavailable, call.Status);
                        await Task.Delay(200);
                    }
                }
            })).ToList();

            // A few enrollments go through, then the broker stops for a while, and comes back.
            while (acknowledged.Count < 5 && !enrolling.Any(task => task.IsFaulted))
                await Task.Delay(100);
            await broker.StopAsync();
            stopped = DateTime.UtcNow;
            await Task.Delay(Outage);
            var starting = DateTime.UtcNow;
            await broker.StartAsync();
            restarted = DateTime.UtcNow;
            output.WriteLine($"broker stopped {stopped:HH:mm:ss.f}, started again {starting:HH:mm:ss.f}, up {restarted:HH:mm:ss.f}");
            try
            {
                await Task.WhenAll(enrolling).WaitAsync(TimeSpan.FromMinutes(5));
            }
            catch
            {
                // Which calls were still failing, how, and what each process says of its readiness, before the logs.
                lock (calls)
                {
                    output.WriteLine($"{acknowledged.Count} of {Enrollments} acknowledged; {calls.Count} calls, the last ones:");
                    foreach (var call in calls.TakeLast(20))
                        output.WriteLine($"  {call.Started:HH:mm:ss.fff} {call.Key} {(int)call.Status} in {call.Took.TotalMilliseconds:F0} ms {call.Reason}");
                }
                output.WriteLine(await cluster.ReadinessAsync());
                throw;
            }

            var during = calls.Where(call => call.Started > stopped.AddSeconds(2) && call.Started + call.Took < starting).ToList();
            var after = calls.Where(call => call.Started >= restarted).ToList();
            var firstSuccess = after.Where(call => call.Status == HttpStatusCode.OK).Min(call => call.Started + call.Took);
            output.WriteLine($"{calls.Count} calls; during the outage {during.Count}, statuses {string.Join(",", during.Select(c => (int)c.Status).Distinct())}, " +
                             $"slowest {during.Max(c => c.Took.TotalMilliseconds):F0} ms, median {Median(during):F0} ms; " +
                             $"first 200 {(firstSuccess - restarted).TotalSeconds:F1} s after the broker was up; " +
                             $"slowest call of all {calls.Max(c => c.Took).TotalSeconds:F1} s");

            // During the outage: only 503s, each answered fast (not after a timeout: the bound is far below the call's 20 s).
            Assert.NotEmpty(during);
            Assert.All(during, call => Assert.Equal(HttpStatusCode.ServiceUnavailable, call.Status));
            Assert.All(during, call => Assert.True(call.Took < TimeSpan.FromSeconds(5), $"a 503 took {call.Took.TotalSeconds:F1} s"));
            // After it: calls succeed again within seconds; and no call ever waited beyond its own timeout.
            // MassTransit's own reconnection (3 to 30 s apart) gave the first 200 15 to 30 s after; ours tries every 2 s.
            Assert.True(firstSuccess - restarted < RecoveredWithin, $"first 200 {(firstSuccess - restarted).TotalSeconds:F1} s after");
            Assert.All(calls, call => Assert.True(call.Took < CallTimeout + TimeSpan.FromSeconds(5), $"a call took {call.Took.TotalSeconds:F1} s"));

            // Every acknowledged face stored once, nothing stored that was not acknowledged.
            Assert.Equal(Enrollments, acknowledged.Count);
            Assert.Equal(acknowledged.Values.Order(), (await StoredAsync(gateway, meta)).Order());
        }
        catch
        {
            output.WriteLine(cluster.Logs(lines: int.MaxValue));
            throw;
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
