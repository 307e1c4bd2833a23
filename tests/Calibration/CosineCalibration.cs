using System.Numerics.Tensors;

namespace Calibration;

/// <summary>The cosine at which the facen model falsely accepts a given fraction of different-person pairs, measured on
/// every pair of faces of different people, and where too few pairs exist, extrapolated by a normal fit to the tail.</summary>
public static class CosineCalibration
{
    /// <summary>FindFace's presets are defined at these false accept rates (spec 9.1.7).</summary>
    private static readonly double[] FalseAcceptRates = [1e-1, 1e-3, 1e-5];

    /// <summary>An empirical quantile is trusted when at least this many impostor pairs lie above it.</summary>
    private const int PairsAboveForEmpirical = 10;

    /// <summary>The tail fit uses the impostor pairs above this quantile.</summary>
    private const double TailFrom = 0.9;

    public static CalibrationSummary Run(IReadOnlyList<CalibrationFace> all, SamePeople judged)
    {
        var faces = all.Where(f => !judged.NotFaces.Contains(f.Id)).ToList();
        var personOf = judged.PersonOf();
        var impostors = new List<float>();
        var samePerson = new List<float>();
        for (var i = 0; i < faces.Count; i++)
        for (var j = i + 1; j < faces.Count; j++)
        {
            var cosine = TensorPrimitives.Dot(faces[i].Facen, faces[j].Facen);
            (personOf(faces[i].Id) == personOf(faces[j].Id) ? samePerson : impostors).Add(cosine);
        }
        impostors.Sort();
        var edits = faces.SelectMany(f => f.Edits.Values).ToList();
        var tail = TailFit(impostors);
        var points = FalseAcceptRates.Select(far =>
        {
            var empirical = impostors.Count * far >= PairsAboveForEmpirical ? Quantile(impostors, 1 - far) : (double?)null;
            var fitted = tail.Intercept + tail.Slope * InverseNormal(1 - far);
            return new FarPoint(far, Math.Round(empirical ?? fitted, 4), empirical is null ? "normal tail fit" : "empirical",
                empirical is null ? null : Math.Round(empirical.Value, 4), Math.Round(fitted, 4),
                impostors.Count(c => c >= (empirical ?? fitted)));
        }).ToList();

        return new CalibrationSummary(
            faces.Count,
            faces.Select(f => personOf(f.Id)).Distinct().Count(),
            faces.GroupBy(f => f.Source).ToDictionary(g => g.Key, g => g.Count()),
            Distribution.Of(impostors),
            new TailFitSummary(TailFrom, impostors.Count - (int)(impostors.Count * TailFrom), Math.Round(tail.Intercept, 4), Math.Round(tail.Slope, 4)),
            Distribution.Of(edits),
            samePerson.Count > 0 ? Distribution.Of(samePerson) : null,
            points,
            points.ToDictionary(p => p.Far.ToString("0e0"), p => Math.Round(edits.Count(c => c >= p.Cosine) / (double)edits.Count, 4)),
            ClosestPairs(faces, personOf, 40));
    }

    /// <summary>A normal fitted to the upper tail: least squares of cosine on the normal quantile of its plotting position.
    /// Only the tail, because the rare false accepts are decided there, not by the bulk of the distribution.</summary>
    private static (double Intercept, double Slope) TailFit(List<float> sorted)
    {
        var n = sorted.Count;
        var points = Enumerable.Range((int)(n * TailFrom), n - (int)(n * TailFrom))
            .Select(i => (Z: InverseNormal((i + 0.5) / n), Cosine: (double)sorted[i])).ToList();
        var (mz, mc) = (points.Average(p => p.Z), points.Average(p => p.Cosine));
        var slope = points.Sum(p => (p.Z - mz) * (p.Cosine - mc)) / points.Sum(p => (p.Z - mz) * (p.Z - mz));
        return (mc - slope * mz, slope);
    }

    private static double Quantile(List<float> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];

    private static List<ClosestPair> ClosestPairs(List<CalibrationFace> faces, Func<string, string> personOf, int count) =>
    [
        .. faces.SelectMany((a, i) => faces.Skip(i + 1).Where(b => personOf(a.Id) != personOf(b.Id))
                .Select(b => new ClosestPair(a.Id, b.Id, MathF.Round(TensorPrimitives.Dot(a.Facen, b.Facen), 4))))
            .OrderByDescending(p => p.Cosine).Take(count),
    ];

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
            return -InverseNormal(1 - p);
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}

/// <summary>What a calibration run measured; models/calibration/ keeps it beside the points copied into the manifest.</summary>
public sealed record CalibrationSummary(
    int Faces,
    int People,
    IReadOnlyDictionary<string, int> FacesBySource,
    Distribution Impostors,
    TailFitSummary ImpostorTail,
    Distribution EditsOfOneFace,
    Distribution? SamePersonAcrossPhotos,
    IReadOnlyList<FarPoint> Points,
    IReadOnlyDictionary<string, double> EditsAcceptedAtFar,
    IReadOnlyList<ClosestPair> ClosestImpostors);

public sealed record Distribution(int Pairs, double Mean, double Std, double Median, double P90, double P99, double P999, double Min, double Max)
{
    public static Distribution Of(IReadOnlyCollection<float> cosines)
    {
        var sorted = cosines.Order().ToList();
        var mean = sorted.Average(c => (double)c);
        double At(double q) => Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))], 4);
        return new Distribution(sorted.Count, Math.Round(mean, 4), Math.Round(Math.Sqrt(sorted.Average(c => (c - mean) * (c - mean))), 4),
            At(0.5), At(0.9), At(0.99), At(0.999), Math.Round(sorted[0], 4), Math.Round(sorted[^1], 4));
    }
}

/// <summary>cosine = Intercept + Slope * z over the impostor pairs above quantile <paramref name="From"/>.</summary>
public sealed record TailFitSummary(double From, int Pairs, double Intercept, double Slope);

/// <summary>The cosine at one false accept rate; <paramref name="PairsAbove"/> impostor pairs score at or above it.</summary>
public sealed record FarPoint(double Far, double Cosine, string Method, double? EmpiricalCosine, double TailFitCosine, int PairsAbove);

public sealed record ClosestPair(string A, string B, float Cosine);
