using System.Diagnostics;

namespace Benchmarks.Load;

/// <summary>Clients calling in parallel, one call at a time each, until a fixed time has passed.</summary>
public static class ClientLoad
{
    /// <param name="call">Makes the client's n-th call; answers what the call counts (faces enrolled, say).</param>
    /// <returns>Every call's latency in ms, sorted, and the sum of the counts.</returns>
    public static async Task<(List<double> Latencies, int Counted)> RunAsync(int clients, TimeSpan duration, Func<int, int, Task<int>> call)
    {
        var latencies = new List<double>();
        var counted = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var n = client; Stopwatch.GetTimestamp() < until; n++)
            {
                var start = Stopwatch.GetTimestamp();
                var count = await call(client, n);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                    counted += count;
                }
            }
        }));
        latencies.Sort();
        return (latencies, counted);
    }
}
