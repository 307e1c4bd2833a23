using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Cluster.Tests;

/// <summary>
/// The cluster as deployed: two gateways, two detect and two embed workers and one index worker as processes on RabbitMQ.
/// Workers die mid-run and come back; no call may go unanswered, and nothing may be left in a queue.
/// </summary>
public sealed class Cluster_Specs(ITestOutputHelper output)
{
    private const int CallsInFlight = 3;
    private const int Attempts = 3;

    // Every face of these photos is enrolled (mf_selector=all): four portraits and six group photos, 26 faces.
    private static readonly IReadOnlyList<string> PhotoNames =
        [.. TestSupport.Photos.Portraits.Keys, .. TestSupport.Photos.GroupPhotos.Keys];

    private int _unavailable;

    [RabbitMqFact]
    public async Task Should_answer_every_call_and_identify_every_enrolled_face_while_workers_die_and_return()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await LocalCluster.StartAsync(gateways: 2, detect: 2, embed: 2);
        output.WriteLine($"cluster up in {clock.Elapsed.TotalSeconds:F1} s (vhost {cluster.VirtualHost})");
        Assert.All(cluster.BusHealth(), health => Assert.Equal("Healthy", health.Value));
        try
        {
            var gallery = "cluster" + Guid.NewGuid().ToString("N")[..8];
            using (var created = await cluster.Gateways[0].PostAsync($"/v0/galleries/{gallery}", null))
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            // Enroll through both gateways; the first detect and embed replicas die once calls are in flight.
            var phase = Stopwatch.StartNew();
            var enrolled = await RunWhileReplicasDieAsync(cluster, replica: 0, PhotoNames.Select((name, i) => (Func<Task<(string, long[])>>)(async () =>
            {
                var json = await CallAsync(cluster.Gateways[i % 2], "/v0/face",
                    ("photo", TestSupport.Photos.Bytes(name)), ("mf_selector", "all"), ("galleries", gallery), ("meta", name));
                return (name, json.GetProperty("results").EnumerateArray().Select(face => face.GetProperty("id").GetInt64()).ToArray());
            })));
            output.WriteLine($"enrolled {enrolled.Sum(e => e.Item2.Length)} faces of {enrolled.Count} photos in {phase.Elapsed.TotalSeconds:F1} s");
            var expectedFaces = TestSupport.Photos.Portraits.Count + TestSupport.Photos.GroupPhotos.Values.Sum();
            Assert.Equal(expectedFaces, enrolled.Sum(e => e.Item2.Length));
            var allIds = enrolled.SelectMany(e => e.Item2).ToList();
            Assert.Equal(allIds.Count, allIds.Distinct().Count());

            // Identify each photo through the other gateway; now the second replicas die, the restarted first ones take over.
            phase.Restart();
            var identified = await RunWhileReplicasDieAsync(cluster, replica: 1, enrolled.Select((photo, i) => (Func<Task<(string, long[])>>)(async () =>
            {
                var json = await CallAsync(cluster.Gateways[(i + 1) % 2], $"/v0/faces/gallery/{gallery}/identify",
                    ("photo", TestSupport.Photos.Bytes(photo.Item1)), ("mf_selector", "all"), ("n", "1"));
                return (photo.Item1, json.GetProperty("results").EnumerateObject()
                    .SelectMany(box => box.Value.EnumerateArray().Select(match => match.GetProperty("face").GetProperty("id").GetInt64()))
                    .ToArray());
            })));
            output.WriteLine($"identified {identified.Count} photos in {phase.Elapsed.TotalSeconds:F1} s; {_unavailable} calls answered 503 and retried");

            // Each enrolled face is the best match of exactly one face of its photo.
            var found = identified.ToDictionary(photo => photo.Item1, photo => photo.Item2);
            foreach (var (name, ids) in enrolled)
                Assert.Equal(ids.Order(), found[name].Order());

            await AssertQueuesEmptyAsync(cluster.VirtualHost);
            Assert.Empty(Directory.EnumerateFiles(cluster.ClaimsDir));
            output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    /// <summary>
    /// Runs the calls a few at a time; as soon as the first answer is in (so that others are in flight) kills the detect and
    /// embed replicas given, then starts them again while the rest goes on.
    /// </summary>
    private async Task<List<T>> RunWhileReplicasDieAsync<T>(LocalCluster cluster, int replica, IEnumerable<Func<Task<T>>> calls)
    {
        using var slots = new SemaphoreSlim(CallsInFlight);
        var firstAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = calls.Select(async call =>
        {
            await slots.WaitAsync();
            try
            {
                return await call();
            }
            finally
            {
                firstAnswer.TrySetResult();
                slots.Release();
            }
        }).ToList();

        await firstAnswer.Task;
        var victims = new[] { cluster.Detect[replica], cluster.Embed[replica] };
        foreach (var victim in victims)
            victim.Kill();
        output.WriteLine($"killed {string.Join(", ", victims.Select(v => v.Name))}");
        var restarted = Task.WhenAll(victims.Select(victim => victim.StartAsync()));

        var results = await Task.WhenAll(running);
        await restarted;
        output.WriteLine($"restarted {string.Join(", ", victims.Select(v => v.Name))}");
        return results.ToList();
    }

    /// <summary>A call that must succeed: 503 (a stage did not answer in time) is retried, anything else fails the test.</summary>
    private async Task<JsonElement> CallAsync(HttpClient gateway, string path, params (string Name, object Value)[] fields)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await gateway.PostAsync(path, TestSupport.ApiForms.Multipart(fields));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < Attempts)
            {
                Interlocked.Increment(ref _unavailable);
                output.WriteLine($"503 from {path}, retrying: {body}");
                continue;
            }
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} from {path}: {body}");
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Every message consumed and acknowledged, none faulted: no queue holds anything, no error queue exists.</summary>
    private async Task AssertQueuesEmptyAsync(string virtualHost)
    {
        // Acknowledgements of the last answers may still be on their way.
        IReadOnlyDictionary<string, long> queues = new Dictionary<string, long>();
        for (var poll = 0; poll < 20; poll++)
        {
            queues = await Broker.QueuesAsync(virtualHost);
            if (queues.Values.All(messages => messages == 0))
                break;
            await Task.Delay(500);
        }
        output.WriteLine("queues: " + string.Join(", ", queues.Select(queue => $"{queue.Key}={queue.Value}")));
        Assert.All(queues, queue => Assert.Equal(0, queue.Value));
        Assert.DoesNotContain(queues.Keys, name => name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal));
    }
}
