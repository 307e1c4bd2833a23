using System.Runtime;
using System.Text.Json;
using Benchmarks.Support;

namespace Benchmarks.Memory;

/// <summary>The memory of the whole standalone app once every model is loaded: resident set from the kernel,
/// managed heap from the GC (<c>-- memory</c>). Exits with 1 above the target.</summary>
public static class MemoryReport
{
    public const string Mode = "memory";

    private const long TargetBytes = 1L << 30;
    private const double MiB = 1 << 20;

    // One request that needs every model: a portrait and a tiled group photo, with every face attribute.
    private const string Request = """
        {"requests": [
          {"image": "multipart:portrait", "need_facen": true, "need_gender": true, "need_age": true, "need_emotions": true, "need_normalized": true},
          {"image": "multipart:group", "need_facen": true, "need_gender": true, "need_age": true, "need_emotions": true, "need_normalized": true}
        ]}
        """;

    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var gateway = new GatewayHost();
        using var client = gateway.CreateAuthorizedClient();
        using var response = await client.PostAsync("/v1/extract", GatewayHost.Extract(Request,
            ("portrait", Photos.Read(Photos.Portrait)), ("group", Photos.Read(Photos.Group))));
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var faces = answer.RootElement.GetProperty("responses").EnumerateArray().Sum(r => r.GetProperty("faces").GetArrayLength());

        var (resident, peak) = (StatusBytes("VmRSS"), StatusBytes("VmHWM"));
        var gc = GC.GetGCMemoryInfo();

        output.WriteLine($"After one request with every model ({faces} faces, facen + gender + age + emotions + normalized):");
        output.WriteLine($"  resident (VmRSS)        {resident / MiB,8:F0} MiB");
        output.WriteLine($"  peak resident (VmHWM)   {peak / MiB,8:F0} MiB");
        output.WriteLine($"  managed heap            {GC.GetTotalMemory(forceFullCollection: false) / MiB,8:F0} MiB allocated, " +
                         $"{gc.TotalCommittedBytes / MiB:F0} MiB committed ({(GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        var met = peak < TargetBytes;
        output.WriteLine($"  target: peak resident under {TargetBytes / MiB:F0} MiB: {(met ? "met" : "NOT met")}");
        return met ? 0 : 1;
    }

    /// <summary>A memory line of /proc/&lt;process&gt;/status (this one's by default), such as "VmRSS:   123456 kB".</summary>
    public static long StatusBytes(string field, string process = "self") =>
        long.Parse(File.ReadLines($"/proc/{process}/status").Single(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            [(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
}
