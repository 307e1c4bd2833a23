namespace Benchmarks.Support;

public static class Percentile
{
    /// <summary>The value below which <paramref name="fraction"/> of the sorted values lie (0.5: the median).</summary>
    public static double Of(IReadOnlyList<double> sorted, double fraction) => sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Count) - 1)];

    /// <summary>The same of values in any order.</summary>
    public static double OfUnsorted(IEnumerable<double> values, double fraction) => Of([.. values.Order()], fraction);
}
