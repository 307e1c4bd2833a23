using System.Text.Json;
using Benchmarks.Support;
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
            var (latencies, faces) = await ClientLoad.RunAsync(Clients, Duration, async (_, n) =>
            {
                using var response = await cluster.Gateways[0].PostAsync("/v0/face",
                    TestSupport.ApiForms.Multipart(("photo", photos[n % photos.Length]), ("mf_selector", "all")));
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return json.RootElement.GetProperty("results").GetArrayLength();
            });
            var perSecond = faces / Duration.TotalSeconds;
            output.WriteLine($"{replicas,22} {latencies.Count,6} {faces,6} {perSecond,8:F1} {perSecond / Environment.ProcessorCount,9:F1} " +
                             $"{Percentile.Of(latencies, 0.50),8:F0} {Percentile.Of(latencies, 0.95),8:F0}");
        }
        return 0;
    }
}
