using System.Numerics.Tensors;

namespace Calibration.Lfw;

/// <summary>Verification accuracy on LFW's folds (each fold's threshold chosen on the others), and the error rates over every
/// pair of the photos: every two photos of different people are an impostor pair, every two of one person a genuine one.</summary>
public static class LfwAccuracy
{
    /// <summary>The false accept rates the benchmark reports TAR at; the presets' rates (1e-1, 1e-3, 1e-5) are calibrated.</summary>
    public static readonly double[] ReportedFalseAcceptRates = [1e-3, 1e-4, 1e-5, 1e-6];

    /// <summary>A pair with a photo where no face was found scores below every cosine: it is rejected, an error when genuine.</summary>
    private const float NoFace = -2f;

    public static FoldAccuracy Folds(LfwSet set, IReadOnlyDictionary<string, float[]?> facens)
    {
        var scored = set.Folds.Select(fold => fold.Select(p => (Score: Cosine(facens[p.A], facens[p.B]), p.SamePerson)).ToList()).ToList();
        var accuracies = scored.Select((fold, k) =>
        {
            var threshold = BestThreshold([.. scored.Where((_, other) => other != k).SelectMany(f => f)]);
            return fold.Count(p => p.Score >= threshold == p.SamePerson) / (double)fold.Count;
        }).ToList();
        var mean = accuracies.Average();
        var all = scored.SelectMany(f => f).ToList();
        return new FoldAccuracy(accuracies, mean, Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / accuracies.Count),
            BestThreshold(all), Auc([.. all.Where(p => p.SamePerson).Select(p => p.Score)], [.. all.Where(p => !p.SamePerson).Select(p => p.Score)]));
    }

    /// <summary>The cosines of the protocol's same-person pairs, sorted.</summary>
    public static float[] ProtocolGenuine(LfwSet set, IReadOnlyDictionary<string, float[]?> facens) =>
        [.. set.Folds.SelectMany(f => f).Where(p => p.SamePerson).Select(p => Cosine(facens[p.A], facens[p.B])).Order()];

    /// <summary>The cosine of every pair of photos with a face, split into genuine and impostor pairs, each sorted.</summary>
    public static AllPairs Pairs(IReadOnlyDictionary<string, float[]?> facens)
    {
        var images = facens.Where(f => f.Value is not null).OrderBy(f => LfwSet.PersonOf(f.Key), StringComparer.Ordinal).ToList();
        var n = images.Count;
        // Photos of one person are contiguous: the genuine pairs of row i are the rest of its person's run.
        var runEnd = new int[n];
        for (var i = n - 1; i >= 0; i--)
            runEnd[i] = i + 1 < n && LfwSet.PersonOf(images[i + 1].Key) == LfwSet.PersonOf(images[i].Key) ? runEnd[i + 1] : i + 1;
        var (genuineStart, impostorStart) = (new long[n + 1], new long[n + 1]);
        for (var i = 0; i < n; i++)
        {
            genuineStart[i + 1] = genuineStart[i] + runEnd[i] - i - 1;
            impostorStart[i + 1] = impostorStart[i] + n - runEnd[i];
        }
        var (genuine, impostors) = (new float[genuineStart[n]], new float[impostorStart[n]]);
        Parallel.For(0, n, i =>
        {
            var a = images[i].Value!;
            for (var j = i + 1; j < n; j++)
            {
                var cosine = TensorPrimitives.Dot(a, images[j].Value!);
                if (j < runEnd[i])
                    genuine[genuineStart[i] + j - i - 1] = cosine;
                else
                    impostors[impostorStart[i] + j - runEnd[i]] = cosine;
            }
        });
        Array.Sort(genuine);
        Array.Sort(impostors);
        return new AllPairs(genuine, impostors, images.Select(f => LfwSet.PersonOf(f.Key)).Distinct().Count(), n);
    }

    /// <summary>The cosine above which a fraction <paramref name="far"/> of the impostor pairs lie (at or above it).</summary>
    public static float CosineAtFar(float[] sortedImpostors, double far) =>
        sortedImpostors[Math.Min(sortedImpostors.Length - 1, (int)Math.Floor((1 - far) * sortedImpostors.Length))];

    /// <summary>The fraction of <paramref name="sorted"/> at or above <paramref name="cosine"/>.</summary>
    public static double RateAtOrAbove(float[] sorted, float cosine)
    {
        var index = Array.BinarySearch(sorted, cosine);
        if (index < 0)
            index = ~index;
        while (index > 0 && sorted[index - 1] >= cosine)
            index--;
        return (sorted.Length - index) / (double)sorted.Length;
    }

    /// <summary>The probability that a genuine pair scores above an impostor pair (ties count half), from sorted scores.</summary>
    public static double Auc(float[] genuine, float[] impostors)
    {
        Array.Sort(genuine);
        Array.Sort(impostors);
        double below = 0;
        int lower = 0, upper = 0;
        foreach (var g in genuine)
        {
            while (lower < impostors.Length && impostors[lower] < g)
                lower++;
            upper = Math.Max(upper, lower);
            while (upper < impostors.Length && impostors[upper] <= g)
                upper++;
            below += lower + (upper - lower) / 2.0;
        }
        return below / ((double)genuine.Length * impostors.Length);
    }

    private static float Cosine(float[]? a, float[]? b) => a is null || b is null ? NoFace : TensorPrimitives.Dot(a, b);

    /// <summary>The threshold (accept at or above) with the most pairs right, midway between two neighbouring scores.</summary>
    private static float BestThreshold(List<(float Score, bool SamePerson)> pairs)
    {
        var sorted = pairs.OrderBy(p => p.Score).ToList();
        // Threshold below every pair: every genuine pair right, every impostor wrong.
        var right = sorted.Count(p => p.SamePerson);
        var (best, bestRight) = (sorted[0].Score - 1e-3f, right);
        for (var i = 0; i < sorted.Count; i++)
        {
            right += sorted[i].SamePerson ? -1 : 1;
            if (right > bestRight && (i + 1 == sorted.Count || sorted[i + 1].Score > sorted[i].Score))
                (best, bestRight) = (i + 1 < sorted.Count ? (sorted[i].Score + sorted[i + 1].Score) / 2 : sorted[i].Score + 1e-3f, right);
        }
        return best;
    }
}

/// <summary>Accuracy of each fold at the threshold chosen on the other folds, their mean and standard deviation, the threshold
/// best on all folds together, and the area under the ROC curve of the protocol's pairs.</summary>
public sealed record FoldAccuracy(IReadOnlyList<double> PerFold, double Mean, double Std, float ThresholdOnAll, double Auc);

/// <summary>Every pair of the photos with a face: sorted genuine and impostor cosines, from how many people and photos.</summary>
public sealed record AllPairs(float[] Genuine, float[] Impostors, int People, int Photos);
