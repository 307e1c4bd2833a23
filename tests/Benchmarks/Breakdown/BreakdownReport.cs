using System.Collections.Concurrent;
using System.Diagnostics;
using Benchmarks.Support;

namespace Benchmarks.Breakdown;

/// <summary>Where one extraction call's time goes (<c>-- breakdown</c>): the HTTP request, each MassTransit send, receive
/// and consume, and the models' runs, from the activities the app's libraries emit, averaged over sequential calls on one
/// warm app. Spans nest (a request contains its consumes), so the rows do not add up to the total.</summary>
public static class BreakdownReport
{
    public const string Mode = "breakdown";

    private const string Request = """{"requests": [{"image": "multipart:photo", "need_facen": true}]}""";
    private const int Warmup = 30, Calls = 200;

    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var gateway = new GatewayHost();
        using var client = gateway.CreateAuthorizedClient();
        var photo = Photos.Read(Photos.Portrait);

        async Task<TimeSpan> CallAsync()
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/v1/extract", GatewayHost.Extract(Request, ("photo", photo)));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            return Stopwatch.GetElapsedTime(started);
        }

        for (var i = 0; i < Warmup; i++)
            await CallAsync();

        var spans = new ConcurrentDictionary<string, List<double>>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => spans.GetOrAdd($"{activity.Source.Name}: {activity.DisplayName}", _ => [])
                .Add(activity.Duration.TotalMilliseconds),
        };
        ActivitySource.AddActivityListener(listener);

        var totals = new List<double>(Calls);
        for (var i = 0; i < Calls; i++)
            totals.Add((await CallAsync()).TotalMilliseconds);

        output.WriteLine($"POST /v1/extract need_facen, {Photos.Portrait}, {Calls} sequential calls after {Warmup} warm-up calls");
        output.WriteLine($"  {"client round trip",-70} {Median(totals),8:F2} ms median {totals.Average(),8:F2} mean");
        foreach (var (name, durations) in spans.OrderBy(s => s.Key))
        {
            lock (durations)
                output.WriteLine($"  {name,-70} {Median(durations),8:F2} ms median {durations.Average(),8:F2} mean  x{durations.Count / (double)Calls:F1}");
        }
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
