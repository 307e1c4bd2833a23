using System.Collections.Concurrent;
using System.Diagnostics;
using Benchmarks.Index;
using Benchmarks.Support;
using Contracts.Index;
using Microsoft.Extensions.DependencyInjection;
using Workers.Index;

namespace Benchmarks.Breakdown;

/// <summary>Where one call's time goes (<c>-- breakdown [extract | enroll | identify FACES]</c>): the HTTP request, each MassTransit
/// send, receive and consume, and the face engine's steps, from the activities the app's libraries emit, as medians over
/// sequential calls on one warm app. For identify the default gallery is padded with synthetic faces, and the index's own
/// search of the same facen, called directly in the same process, is timed beside it. Spans nest (a request contains its
/// consumes), so the rows do not add up to the total.</summary>
public static class BreakdownReport
{
    public const string Mode = "breakdown";

    private const string ExtractRequest = """{"requests": [{"image": "multipart:photo", "need_facen": true}]}""";
    private const int Warmup = 30, Calls = 200;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var identify = args is [_, "identify", ..];
        var enroll = args is [_, "enroll"];
        var galleryFaces = args is [_, "identify", var size] ? int.Parse(size) : 0;
        await using var gateway = new GatewayHost();
        using var client = gateway.CreateAuthorizedClient();
        var photo = Photos.Read(Photos.Portrait);

        var index = gateway.Services.GetRequiredService<IFaceIndex>();
        var random = new Random(1);
        foreach (var batch in Enumerable.Range(1, galleryFaces).Chunk(4096))
            await index.AddAsync([.. batch.Select(id => new IndexedFacen(id, SyntheticFaces.Facen(random), []))]);

        async Task<TimeSpan> CallAsync()
        {
            var started = Stopwatch.GetTimestamp();
            using var response = identify ? await client.PostAsync("/v0/identify", TestSupport.ApiForms.Multipart(("photo", photo)))
                : enroll ? await client.PostAsync("/v0/face", TestSupport.ApiForms.Multipart(("photo", photo)))
                : await client.PostAsync("/v1/extract", GatewayHost.Extract(ExtractRequest, ("photo", photo)));
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
        listener.Dispose();

        output.WriteLine(identify
            ? $"POST /v0/identify, {Photos.Portrait}, default gallery of {galleryFaces:N0} synthetic faces, {Calls} sequential calls after {Warmup} warm-up calls"
            : enroll ? $"POST /v0/face, {Photos.Portrait}, {Calls} sequential calls after {Warmup} warm-up calls"
            : $"POST /v1/extract need_facen, {Photos.Portrait}, {Calls} sequential calls after {Warmup} warm-up calls");
        output.WriteLine($"  {"client round trip",-70} {Median(totals),8:F2} ms median");
        foreach (var (name, durations) in spans.OrderBy(s => s.Key))
        {
            lock (durations)
                output.WriteLine($"  {name,-70} {Median(durations),8:F2} ms median  x{durations.Count / (double)Calls:F1}");
        }
        if (identify)
        {
            var query = SyntheticFaces.Facen(random);
            var direct = new List<double>(Calls);
            for (var i = 0; i < Calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await index.SearchAsync([query], "default", 1, 0f);
                direct.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            output.WriteLine($"  {"index search called directly, same process",-70} {Median(direct),8:F2} ms median");
        }
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
