using System.Diagnostics;
using System.Text.Json;
using TestSupport.Cluster;

namespace Benchmarks.Load;

/// <summary>
/// Enroll throughput of the cluster by pool size (<c>-- cluster-load</c>): a gateway and an index worker with 1, then 2,
/// detect and embed replicas as processes on RabbitMQ (scripts/rabbitmq.sh), clients posting the registry portraits and group
/// photos with every face enrolled, for a fixed time; reports calls and faces per second, latency percentiles and faces per
/// second per core.
/// </summary>
public static class ClusterLoadReport
{
    public const string Mode = "cluster-load";

    private const int Clients = 4;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(40);
    private static readonly int[] Replicas = [1, 2];
    private static readonly string[] PhotoNames = [.. TestSupport.Photos.Portraits.Keys, .. TestSupport.Photos.GroupPhotos.Keys];

    public static async Task<int> RunAsync(TextWriter output)
    {
        if (Broker.Unavailable is { } reason)
        {
            output.WriteLine(reason);
            return 1;
        }
        var photos = PhotoNames.Select(TestSupport.Photos.Bytes).ToArray();
        output.WriteLine($"{Environment.ProcessorCount} cores; {Clients} clients post {photos.Length} photos in turn (mf_selector=all) " +
                         $"for {Duration.TotalSeconds:F0} s per row; 1 gateway, 1 index worker (exact index).");
        output.WriteLine($"{"detect+embed replicas",22} {"calls",6} {"faces",6} {"faces/s",8} {"per core",9} {"p50 ms",8} {"p95 ms",8}");
        foreach (var replicas in Replicas)
        {
            await using var cluster = await LocalCluster.StartAsync(gateways: 1, detect: replicas, embed: replicas, index: 1, shards: []);
            var (latencies, faces) = await EnrollAsync(cluster.Gateways[0], photos);
            latencies.Sort();
            var perSecond = faces / Duration.TotalSeconds;
            output.WriteLine($"{replicas,22} {latencies.Count,6} {faces,6} {perSecond,8:F1} {perSecond / Environment.ProcessorCount,9:F1} " +
                             $"{latencies[latencies.Count / 2],8:F0} {latencies[(int)(latencies.Count * 0.95)],8:F0}");
        }
        return 0;
    }

    private static async Task<(List<double> Latencies, int Faces)> EnrollAsync(HttpClient gateway, byte[][] photos)
    {
        var latencies = new List<double>();
        var faces = 0;
        var until = Stopwatch.GetTimestamp() + (long)(Duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            for (var call = client; Stopwatch.GetTimestamp() < until; call++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await gateway.PostAsync("/v0/face",
                    TestSupport.ApiForms.Multipart(("photo", photos[call % photos.Length]), ("mf_selector", "all")));
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                    faces += json.RootElement.GetProperty("results").GetArrayLength();
                }
            }
        }));
        return (latencies, faces);
    }
}
