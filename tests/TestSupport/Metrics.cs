using System.Globalization;

namespace TestSupport;

/// <summary>Reads a Prometheus text scrape (a process's /metrics).</summary>
public static class Metrics
{
    /// <summary>The sum of a metric's samples whose labels contain <paramref name="labels"/>; 0 when there are none.</summary>
    public static double Sum(string scrape, string name, string labels = "") => scrape.Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{'
            && line.Contains(labels, StringComparison.Ordinal))
        .Sum(line => double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));
}
