using System.Collections.Concurrent;
using System.Diagnostics;
using Benchmarks.Index;
using Benchmarks.Support;
using Contracts.Faces;
using Contracts.Index;
using Gateway.Index;
using Microsoft.Extensions.DependencyInjection;
using Vision.Models;
using Workers.Index;

namespace Benchmarks.Breakdown;

/// <summary>Where one call's time goes (<c>-- breakdown [extract | enroll | identify FACES]</c>): listening to the activities the app's
/// libraries emit, the HTTP request, each MassTransit send, receive and consume, and the face engine's steps, as medians over
/// sequential calls; then the round trip of as many calls more, and for enroll and identify the face engine's own work on the
/// same photo in the same app (<see cref="EngineCall"/>) in blocks between them, and their ratio. For identify the default
/// gallery is padded with synthetic faces, and the index's own search of a facen is timed beside it, called directly in the same
/// process and as a request on the bus (the cost of one stage's hop). Spans nest (a request contains its consumes), so the rows do not add up to the total; each row also
/// gives when the span starts and ends within its call (medians, from the client's request), which shows the waits between
/// the stages.</summary>
public static class BreakdownReport
{
    public const string Mode = "breakdown";

    private const string ExtractRequest = """{"requests": [{"image": "multipart:photo", "need_facen": true}]}""";
    private const int Warmup = 100, Calls = 200, Block = 20;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var identify = args is [_, "identify", ..];
        var enroll = args is [_, "enroll"];
        var compared = identify || enroll;
        var galleryFaces = args is [_, "identify", var size] ? int.Parse(size) : 0;
        await using var gateway = new GatewayHost();
        using var client = gateway.CreateAuthorizedClient();
        var photo = Photos.Read(Photos.Portrait);

        var index = gateway.Services.GetRequiredService<IFaceIndex>();
        var random = new Random(1);
        foreach (var batch in Enumerable.Range(1, galleryFaces).Chunk(4096))
            await index.AddAsync([.. batch.Select(id => new IndexedFacen(id, SyntheticFaces.Facen(random), []))]);

        // Identify finds the portrait itself, as a search that matches reads its face and answers it.
        if (identify)
            (await client.PostAsync("/v0/face", TestSupport.ApiForms.Multipart(("photo", photo)))).EnsureSuccessStatusCode();

        Task<double> CallAsync() => TimeAsync(async () =>
        {
            using var response = identify ? await client.PostAsync("/v0/identify", TestSupport.ApiForms.Multipart(("photo", photo)))
                : enroll ? await client.PostAsync("/v0/face", TestSupport.ApiForms.Multipart(("photo", photo)))
                : await client.PostAsync("/v1/extract", GatewayHost.Extract(ExtractRequest, ("photo", photo)));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });

        // The engine's own work on the same photo, called between the API calls so that both see the same machine.
        var engine = new EngineCall(gateway.Services);
        // For identify, the index's search of the facen follows, timed apart: identify's whole work, with the index's data as the
        // API's search finds it, after the models ran (~4x its time in a loop of searches alone, where it stays in the caches).
        var calibration = gateway.Services.GetRequiredService<FacenCalibration>();
        var searchTimes = new List<double>(Calls);
        Task<double> EngineAsync() => TimeAsync(async () =>
        {
            var faces = await engine.RunAsync(photo, enroll ? EngineCall.Enroll : EngineCall.Identify);
            if (identify)
                searchTimes.Add(await TimeAsync(async () => await index.SearchAsync([faces[0].Facen!], GalleryNames.Default, 1 + FaceSearch.SpareCandidates,
                    calibration.ToCosine(ConfidenceThresholds.None))));
        });

        for (var i = 0; i < Warmup; i++)
        {
            await CallAsync();
            if (compared)
                await EngineAsync();
        }

        var spans = new ConcurrentQueue<Span>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => spans.Enqueue(new Span($"{activity.Source.Name}: {activity.DisplayName}", activity.TraceId,
                activity.StartTimeUtc, activity.Duration)),
        })
        {
            ActivitySource.AddActivityListener(listener);
            for (var i = 0; i < Calls; i++)
                await CallAsync();
        }

        // Then the round trips, without listening to the spans (which costs the bus's activities their tags), in blocks of API
        // calls and of engine calls taking turns: both see the same machine, and each runs after its own kind as it would in use.
        // Last, as the JIT keeps promoting code for a while (measured right after the warm-up, the same calls took ~15 % longer).
        // The process's CPU time is counted per kind too: on a machine shared with other work the wall time waits for cores
        // the others hold, while the CPU time a call costs changes much less.
        var totals = new List<double>(Calls);
        var engineTimes = new List<double>(Calls);
        // Each block of API calls against the block of engine calls right after it: the machine's speed drifts over a run
        // (the same model run took 18 and 22 ms in two runs minutes apart), and a pair of neighbouring blocks sees the same one.
        var blockRatios = new List<double>(Calls / Block);
        var engineSearchTimes = new List<double>(Calls);
        var callsCost = new Cost();
        var engineCost = new Cost();
        var loadBefore = LoadAverage.Now();
        for (var i = 0; i < Calls; i++)
        {
            var started = Cost.Now();
            totals.Add(await CallAsync());
            callsCost.Add(started);
            if (compared && (i + 1) % Block == 0)
            {
                started = Cost.Now();
                searchTimes.Clear();
                for (var j = 0; j < Block; j++)
                    engineTimes.Add(await EngineAsync());
                engineSearchTimes.AddRange(searchTimes);
                engineCost.Add(started);
                blockRatios.Add(Median(totals.TakeLast(Block)) / Median(engineTimes.TakeLast(Block)));
            }
        }

        output.WriteLine(identify
            ? $"POST /v0/identify, {Photos.Portrait}, default gallery of {galleryFaces:N0} synthetic faces, {Calls} sequential calls after {Warmup} warm-up calls"
            : enroll ? $"POST /v0/face, {Photos.Portrait}, {Calls} sequential calls after {Warmup} warm-up calls"
            : $"POST /v1/extract need_facen, {Photos.Portrait}, {Calls} sequential calls after {Warmup} warm-up calls");
        output.WriteLine($"  load average (1 min) before and after the round trips: {loadBefore}, {LoadAverage.Now()}");
        output.WriteLine($"  {"span",-70} {"median",9} {"count",6} {"starts",9} {"ends",9}");
        output.WriteLine($"  {"client round trip",-70} {Median(totals),6:F2} ms");
        callsCost.WriteTo(output, Calls);
        if (compared)
        {
            output.WriteLine($"  {(identify ? "engine and the index's search" : "engine alone") + ", same photo, in blocks between the calls",-70} {Median(engineTimes),6:F2} ms");
            engineCost.WriteTo(output, engineTimes.Count);
            output.WriteLine($"  {"API / engine (target: 1.2 or less)",-70} {Median(totals) / Median(engineTimes),6:F2}");
            output.WriteLine($"  {"API / engine, CPU time",-70} {callsCost.Cpu / Calls / (engineCost.Cpu / engineTimes.Count),6:F2}");
            output.WriteLine($"  {$"API / engine by neighbouring blocks: median of {blockRatios.Count} (lowest, highest)",-70} " +
                             $"{Median(blockRatios),6:F2} ({blockRatios.Min():F2}, {blockRatios.Max():F2})");
            if (identify)
            {
                var withoutSearch = engineTimes.Zip(engineSearchTimes, (whole, search) => whole - search).ToList();
                output.WriteLine($"  {"  of which the index's search, after the models",-70} {Median(engineSearchTimes),6:F2} ms");
                output.WriteLine($"  {"API / engine without the search",-70} {Median(totals) / Median(withoutSearch),6:F2}");
            }
        }
        // Each call is one trace, begun by the client's request.
        var callStarts = spans.Where(span => span.Name == ClientRequest).GroupBy(span => span.Trace)
            .ToDictionary(trace => trace.Key, trace => trace.Min(span => span.Start));
        foreach (var named in spans.Where(span => callStarts.ContainsKey(span.Trace)).GroupBy(span => span.Name).OrderBy(named => named.Key))
        {
            var starts = named.Select(span => (span.Start - callStarts[span.Trace]).TotalMilliseconds).ToList();
            var ends = named.Select(span => (span.Start + span.Duration - callStarts[span.Trace]).TotalMilliseconds).ToList();
            output.WriteLine($"  {named.Key,-70} {Median(named.Select(span => span.Duration.TotalMilliseconds)),6:F2} ms " +
                             $"x{named.Count() / (double)Calls,4:F1} {Median(starts),6:F2} ms {Median(ends),6:F2} ms");
        }
        if (identify)
        {
            var query = SyntheticFaces.Facen(random);
            var direct = new List<double>(Calls);
            for (var i = 0; i < Calls; i++)
                direct.Add(await TimeAsync(async () => await index.SearchAsync([query], "default", 1, 0f)));
            output.WriteLine($"  {"index search called directly, same process",-70} {Median(direct),8:F2} ms median");
            // The same search as a request and its response on the bus, as the saga's stages are: what one stage's hop costs.
            using var scope = gateway.Services.CreateScope();
            var bus = scope.ServiceProvider.GetRequiredService<FaceIndexClient>();
            var hops = new List<double>(Calls);
            for (var i = 0; i < Warmup + Calls; i++)
            {
                var took = await TimeAsync(() => bus.SearchAsync(new SearchFacens([query], "default", 1, 0f), CancellationToken.None));
                if (i >= Warmup)
                    hops.Add(took);
            }
            output.WriteLine($"  {"the same search as a request and response on the bus",-70} {Median(hops),8:F2} ms median");
        }
        return 0;
    }

    private const string ClientRequest = "System.Net.Http: POST";

    private sealed record Span(string Name, ActivityTraceId Trace, DateTime Start, TimeSpan Duration);

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>What a kind of call costs the whole process besides its wall time, every thread's share included (the model runtime's,
    /// the bus's, and the JIT's background tiering, still at work in these blocks): CPU time, which other work on a shared machine
    /// inflates less than the wall time (though still: cache misses, threads spinning for a core), and two counts it hardly
    /// changes, the managed bytes allocated and the thread-pool work items run, which show the bus's and the HTTP stack's share.</summary>
    private sealed class Cost
    {
        public TimeSpan Cpu { get; private set; }
        private long _allocated, _workItems;

        public static (TimeSpan Cpu, long Allocated, long WorkItems) Now() =>
            (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(), ThreadPool.CompletedWorkItemCount);

        public void Add((TimeSpan Cpu, long Allocated, long WorkItems) started)
        {
            var now = Now();
            Cpu += now.Cpu - started.Cpu;
            _allocated += now.Allocated - started.Allocated;
            _workItems += now.WorkItems - started.WorkItems;
        }

        public void WriteTo(TextWriter output, int calls) =>
            output.WriteLine($"  {"  per call (means): process CPU time; managed allocations; thread-pool work items",-70} " +
                             $"{Cpu.TotalMilliseconds / calls,6:F2} ms; {_allocated / 1024.0 / calls:F0} KB; {_workItems / (double)calls:F0}");
    }

    private static double Median(IEnumerable<double> values) => Percentile.OfUnsorted(values, 0.5);
}
