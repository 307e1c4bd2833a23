using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Benchmarks.Memory;
using Benchmarks.Support;
using TestSupport.Cluster;

namespace Benchmarks.Load;

/// <summary>
/// A standalone gateway under 32 clients mixing identify, enroll and detect on real photos (<c>-- mixed-load [GATEWAY.dll]</c>):
/// the gateway runs as its own process (the built one, or another build's to compare), so its resident memory is its own.
/// Reports answers by status, calls per second, latency percentiles, the gateway's resident memory before, at its peak and
/// after, and whether every face whose enrollment was answered 200 is stored and indexed afterwards.
/// </summary>
public static class MixedLoadReport
{
    public const string Mode = "mixed-load";

    private const int Clients = 32;
    private const int CallsPerClient = 40;
    private const string Token = "benchmarks_mixed-load-token-0000";
    private static readonly string[] Calls = ["/v0/identify", "/v0/face", "/v1/detect"];
    private static readonly string[] PhotoNames = [.. TestSupport.Photos.Portraits.Keys, .. TestSupport.Photos.GroupPhotos.Keys];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var assembly = args is [_, var gatewayPath, ..] ? Path.GetFullPath(gatewayPath)
            : Path.Combine(Broker.RepositoryRoot, "artifacts", "bin", "Gateway", "release", "Gateway.dll");
        var dataDir = Directory.CreateTempSubdirectory("facepipe-mixed-load-").FullName;
        var address = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}");
        using var gateway = new ClusterProcess("gateway", assembly, new Dictionary<string, string>
        {
            ["Storage__DataDir"] = dataDir,
            ["Auth__BootstrapToken"] = Token,
        }, ["--urls", address.ToString()], address);
        try
        {
            await gateway.StartAsync();
            var pid = gateway.ProcessId ?? throw new InvalidOperationException("The gateway is not running.");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients })
            {
                BaseAddress = address,
                Timeout = TimeSpan.FromMinutes(5),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
            var photos = PhotoNames.Select(Photos.Read).ToArray();

            // Warm-up: models loaded, the portraits enrolled so that identify has them to find.
            foreach (var (path, photo) in Calls.SelectMany(call => photos.Take(4).Select(photo => (call, photo))))
                (await PostAsync(http, path, photo)).Dispose();
            var before = ResidentMegabytes(pid);

            var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
            var enrolled = new ConcurrentBag<long>();
            var latencies = new ConcurrentBag<double>();
            var load = LoadAverage.Now();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                for (var i = 0; i < CallsPerClient; i++)
                {
                    var n = client * CallsPerClient + i;
                    var path = Calls[n % Calls.Length];
                    var start = Stopwatch.GetTimestamp();
                    using var response = await PostAsync(http, path, photos[n % photos.Length]);
                    var body = await response.Content.ReadAsStringAsync();
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    statuses.AddOrUpdate(response.StatusCode, 1, (_, count) => count + 1);
                    if (path == "/v0/face" && response.StatusCode == HttpStatusCode.OK)
                    {
                        using var json = JsonDocument.Parse(body);
                        foreach (var face in json.RootElement.GetProperty("results").EnumerateArray())
                            enrolled.Add(face.GetProperty("id").GetInt64());
                    }
                }
            })));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var (after, peak) = (ResidentMegabytes(pid), Megabytes(pid, "VmHWM"));

            var lost = 0;
            foreach (var id in enrolled)
            {
                using var stored = await http.GetAsync($"/v1/face/id/{id}");
                using var indexed = await http.GetAsync($"/v1/default/get/{id}");
                if (stored.StatusCode != HttpStatusCode.OK || indexed.StatusCode != HttpStatusCode.OK)
                    lost++;
            }

            var sorted = latencies.Order().ToList();
            output.WriteLine($"{Environment.ProcessorCount} cores, load average {load} at the start; {Clients} clients x {CallsPerClient} calls " +
                             $"({string.Join(", ", Calls)} in turn) on {photos.Length} photos; gateway {assembly}");
            output.WriteLine($"calls {sorted.Count}, answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"))}; " +
                             $"{sorted.Count / elapsed.TotalSeconds:F1} calls/s; p50 {Percentile.Of(sorted, 0.50):F0} ms, p95 {Percentile.Of(sorted, 0.95):F0} ms, " +
                             $"p99 {Percentile.Of(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms");
            output.WriteLine($"gateway resident memory: {before} MB after warm-up, {after} MB after, {peak} MB at its peak; " +
                             $"load average {LoadAverage.Now()} at the end");
            output.WriteLine($"faces enrolled (answered 200): {enrolled.Count}, not stored or not indexed afterwards: {lost}");
            return lost == 0 ? 0 : 1;
        }
        finally
        {
            gateway.Kill();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, byte[] photo) =>
        http.PostAsync(path, TestSupport.ApiForms.Multipart(("photo", photo)));

    private static long ResidentMegabytes(int pid) => Megabytes(pid, "VmRSS");

    private static long Megabytes(int pid, string field) => MemoryReport.StatusBytes(field, pid.ToString(CultureInfo.InvariantCulture)) / (1024 * 1024);
}
