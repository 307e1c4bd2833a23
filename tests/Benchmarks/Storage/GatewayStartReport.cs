using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Benchmarks.Memory;
using Benchmarks.Support;
using TestSupport.Cluster;

namespace Benchmarks.Storage;

/// <summary>How long a standalone gateway started on a large store takes to serve (<c>-- gateway-start DATA_FOLDER [GATEWAY.dll]</c>,
/// the folder a <see cref="StoreListingReport"/> run filled and kept): from the process's start until its bus is healthy, until
/// <c>/health/ready</c> answers 200 (the exact index warmed from the store), until identify first answers 200, and until
/// identify answers at its steady latency; then the gateway's resident memory. The gateway runs as its own process, as an
/// operator starts it.</summary>
public static class GatewayStartReport
{
    public const string Mode = "gateway-start";

    private const string Token = "benchmarks_gateway-start-token00";
    private const int SteadyCalls = 40;

    // A call within this factor of the steady median counts as steady.
    private const double SteadyFactor = 1.5;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args is not [_, var dataDir, ..])
        {
            output.WriteLine($"usage: {Mode} DATA_FOLDER [GATEWAY.dll]");
            return 2;
        }
        var assembly = args is [_, _, var gatewayPath, ..] ? Path.GetFullPath(gatewayPath)
            : Path.Combine(AppContext.BaseDirectory, "Gateway.dll");
        var address = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}");
        using var gateway = new ClusterProcess("gateway", assembly, new Dictionary<string, string>
        {
            ["Storage__DataDir"] = Path.GetFullPath(dataDir),
            ["Auth__BootstrapToken"] = Token,
        }, ["--urls", address.ToString()], address);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
        var photo = Photos.Read(Photos.Portrait);
        output.WriteLine($"Gateway {assembly} on {dataDir}, load average {LoadAverage.Now()} at the start; seconds from the process's start:");
        var watch = Stopwatch.StartNew();
        try
        {
            // Its bus's health is only one step of the start: the timeout of StartAsync (2 min) ends nothing here.
            var bus = gateway.StartAsync().ContinueWith(_ => watch.Elapsed.TotalSeconds, TaskScheduler.Default);
            var ready = WhenReadyAsync(http, watch);

            var calls = new List<(double Start, double Ms, HttpStatusCode Status)>();
            while (calls.Count == 0 || calls[^1].Status != HttpStatusCode.OK)
            {
                if (gateway.ProcessId is null)
                    throw new InvalidOperationException($"The gateway ended:\n{gateway.Tail()}");
                calls.Add(await IdentifyAsync(http, photo, watch));
                if (calls[^1].Status == 0)
                    await Task.Delay(250);
            }
            var first = calls[^1];
            for (var i = 0; i < SteadyCalls; i++)
                calls.Add(await IdentifyAsync(http, photo, watch));

            var answered = calls.SkipWhile(call => call != first).ToList();
            var steady = Percentile.OfUnsorted(answered.TakeLast(SteadyCalls / 2).Select(call => call.Ms).ToList(), 0.5);
            // The first call from which every later one stays near the steady median.
            var settled = answered.Select((call, index) => (call, index))
                .First(pair => answered.Skip(pair.index).All(call => call.Ms <= steady * SteadyFactor)).call;
            var pid = gateway.ProcessId ?? throw new InvalidOperationException($"The gateway ended:\n{gateway.Tail()}");
            output.WriteLine($"  bus healthy                         {Seconds(bus),8}");
            output.WriteLine($"  /health/ready 200 (index warmed)    {Seconds(ready),8}");
            output.WriteLine($"  identify first 200                  {first.Start + first.Ms / 1000,8:F1} (that call {first.Ms:F0} ms; " +
                             $"{calls.Count(call => call.Status != HttpStatusCode.OK)} calls before it not 200: " +
                             $"{string.Join(", ", calls.Where(call => call.Status != HttpStatusCode.OK).Select(call => (int)call.Status).Distinct())})");
            output.WriteLine($"  identify at its steady latency      {settled.Start,8:F1} (median of the last {SteadyCalls / 2} calls " +
                             $"{steady:F0} ms; every call from then on under {SteadyFactor} times it)");
            output.WriteLine($"  identify latencies after the first 200, ms: {string.Join(" ", answered.Skip(1).Select(call => call.Ms.ToString("F0", CultureInfo.InvariantCulture)))}");
            output.WriteLine($"  gateway resident memory {Megabytes(pid, "VmRSS")} MB now, {Megabytes(pid, "VmHWM")} MB at its peak; " +
                             $"load average {LoadAverage.Now()} at the end");
            foreach (var line in gateway.Log.Split('\n').Where(line => line.Contains("Face index", StringComparison.Ordinal)))
                output.WriteLine($"  gateway: {line.Trim()}");
            return 0;
        }
        finally
        {
            gateway.Kill();
        }
    }

    private static async Task<double> WhenReadyAsync(HttpClient http, Stopwatch watch)
    {
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return watch.Elapsed.TotalSeconds;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
    }

    /// <summary>One identify call: when it started (s), how long it took (ms), and its status (0: no answer, not listening yet).</summary>
    private static async Task<(double Start, double Ms, HttpStatusCode Status)> IdentifyAsync(HttpClient http, byte[] photo, Stopwatch watch)
    {
        var start = watch.Elapsed.TotalSeconds;
        try
        {
            using var response = await http.PostAsync("/v0/identify", TestSupport.ApiForms.Multipart(("photo", photo)));
            return (start, (watch.Elapsed.TotalSeconds - start) * 1000, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return (start, (watch.Elapsed.TotalSeconds - start) * 1000, 0);
        }
    }

    private static string Seconds(Task<double> step) =>
        step.IsCompletedSuccessfully ? step.Result.ToString("F1", CultureInfo.InvariantCulture) : "not yet";

    private static long Megabytes(int pid, string field) => MemoryReport.StatusBytes(field, pid.ToString(CultureInfo.InvariantCulture)) / 1_000_000;
}
