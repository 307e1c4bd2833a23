namespace Benchmarks.Support;

/// <summary>The machine's load, which every figure measured on a shared machine states beside it.</summary>
public static class LoadAverage
{
    /// <summary>The 1-minute load average.</summary>
    public static string Now() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
