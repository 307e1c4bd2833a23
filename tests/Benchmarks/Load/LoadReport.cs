using System.Net.Http.Headers;
using Benchmarks.Support;

namespace Benchmarks.Load;

/// <summary>
/// Enroll and identify under load (<c>-- load</c>): for each, clients in parallel post the registry portraits for a fixed
/// time through the whole standalone app over HTTP; reports latency percentiles and calls per second.
/// </summary>
public static class LoadReport
{
    public const string Mode = "load";

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    private static readonly int[] Concurrency = [1, 4];
    private static readonly string[] Portraits = [.. TestSupport.Photos.Portraits.Keys];

    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var gateway = new GatewayHost();
        var photos = Portraits.Select(Photos.Read).ToArray();
        output.WriteLine($"{Environment.ProcessorCount} cores; {photos.Length} portraits posted in turn; {Duration.TotalSeconds:F0} s per row.");
        output.WriteLine($"{"call",-18} {"clients",7} {"calls",6} {"calls/s",8} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var path in new[] { "/v0/face", "/v0/identify" })
        {
            foreach (var clients in Concurrency)
            {
                var http = Enumerable.Range(0, clients).Select(_ => gateway.CreateAuthorizedClient()).ToArray();
                var (latencies, _) = await ClientLoad.RunAsync(clients, Duration, async (client, n) =>
                {
                    using var photo = new ByteArrayContent(photos[n % photos.Length]);
                    photo.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    using var form = new MultipartFormDataContent { { photo, "photo", "photo.jpg" } };
                    using var response = await http[client].PostAsync(path, form);
                    response.EnsureSuccessStatusCode();
                    return 1;
                });
                foreach (var client in http)
                    client.Dispose();
                output.WriteLine($"POST {path,-13} {clients,7} {latencies.Count,6} {latencies.Count / Duration.TotalSeconds,8:F1} " +
                                 $"{Percentile.Of(latencies, 0.50),8:F1} {Percentile.Of(latencies, 0.95),8:F1} {latencies[^1],8:F1}");
            }
        }
        return 0;
    }
}
