using System.Text.Json;
using TestSupport;
using Vision.Models;

namespace Calibration.Lfw;

/// <summary><c>accuracy lfw</c>: the accuracy table of the face engine on LFW and the cosines at FindFace's preset false
/// accept rates measured on the full impostor set (MODELS.md, "Accuracy on LFW" and "Confidence calibration").</summary>
public static class LfwReport
{
    /// <summary>FindFace's presets (spec 9.1.7) and the default threshold, by the name a request gives them.</summary>
    private static readonly (string Name, float Confidence, double? NominalFar)[] Presets =
    [
        ("strict", ConfidenceThresholds.Strict, ConfidenceThresholds.StrictFalseAcceptRate),
        ("default 0.75", ConfidenceThresholds.Default, null),
        ("medium", ConfidenceThresholds.Medium, ConfidenceThresholds.MediumFalseAcceptRate),
        ("low", ConfidenceThresholds.Low, ConfidenceThresholds.LowFalseAcceptRate),
    ];

    private static readonly double[] CalibratedFalseAcceptRates =
        [ConfidenceThresholds.LowFalseAcceptRate, ConfidenceThresholds.MediumFalseAcceptRate, ConfidenceThresholds.StrictFalseAcceptRate];

    /// <param name="variant">One of <see cref="LfwVariants"/> (empty: the engine as configured), and its cache key.</param>
    /// <param name="folds">Only the first folds and their photos (a sample), or every fold when null.</param>
    /// <param name="shrink">Every photo resized by this factor first (small faces: 0.5 makes LFW's ~110-px faces ~55 px), or null.</param>
    public static async Task<int> RunAsync(string lfwDir, string variant, int? folds, float? shrink, string? summaryPath, TextWriter output)
    {
        if (!LfwVariants.ByName.TryGetValue(variant, out var settings))
        {
            output.WriteLine($"unknown variant '{variant}'; known: {string.Join(", ", LfwVariants.ByName.Keys.Where(k => k.Length > 0))}");
            return 2;
        }
        var set = folds is { } sample ? LfwSet.Read(lfwDir).Take(sample) : LfwSet.Read(lfwDir);
        using var engine = FaceEngine.With(settings);
        // The default's cache key also names a flip average set from the environment (Models__FlipAverage).
        var key = engine.Get<Vision.Embedding.FacenModel>().Name + (variant.Length > 0 ? "-" + variant : engine.Models.Options.FlipAverage ? "-flip" : "")
                  + (shrink is { } factor ? $"-x{factor}" : "");
        var cacheFile = Path.Combine(Path.GetDirectoryName(ModelOptions.DefaultDir)!, "lfw", key + ".facens");
        output.WriteLine($"LFW {lfwDir}: {set.Images.Count} photos, {set.Folds.Count} folds of {set.Folds[0].Count} pairs; engine {key}, cache {cacheFile}");

        var (facens, times) = await new LfwFacens(engine, cacheFile).ExtractAsync(set, output, shrink);
        var accuracy = LfwAccuracy.Folds(set, facens);
        var pairs = LfwAccuracy.Pairs(facens);
        var protocolGenuine = LfwAccuracy.ProtocolGenuine(set, facens);
        double Tar(float[] genuine, float cosine) => LfwAccuracy.RateAtOrAbove(genuine, cosine);

        var noFace = facens.Where(f => f.Value is null).Select(f => f.Key).ToList();
        output.WriteLine($"faces not found: {noFace.Count} of {facens.Count} photos {string.Join(' ', noFace.Take(10))}");
        output.WriteLine($"accuracy, {set.Folds.Count} folds (threshold on the other folds): {accuracy.Mean:P2} ± {accuracy.Std:P2}  " +
            $"[{string.Join(' ', accuracy.PerFold.Select(a => a.ToString("P2")))}]; best threshold on all folds: cosine {accuracy.ThresholdOnAll:F4}");
        output.WriteLine($"AUC: protocol pairs {accuracy.Auc:F5}, all pairs {LfwAccuracy.Auc(pairs.Genuine, pairs.Impostors):F5}");
        output.WriteLine($"all pairs of {pairs.Photos} photos with a face, {pairs.People} people: {pairs.Impostors.Length:N0} impostor, " +
            $"{pairs.Genuine.Length:N0} genuine ({protocolGenuine.Length:N0} in the protocol)");
        output.WriteLine("| FAR | cosine | TAR, protocol's genuine pairs | TAR, all genuine pairs |");
        foreach (var far in LfwAccuracy.ReportedFalseAcceptRates)
        {
            var cosine = LfwAccuracy.CosineAtFar(pairs.Impostors, far);
            output.WriteLine($"| {far:0e0} | {cosine:F4} | {Tar(protocolGenuine, cosine):P2} | {Tar(pairs.Genuine, cosine):P2} |");
        }

        var points = CalibratedFalseAcceptRates.Select(far =>
        {
            var cosine = LfwAccuracy.CosineAtFar(pairs.Impostors, far);
            return new LfwCalibrationPoint(far, MathF.Round(cosine, 4), (long)Math.Round(far * pairs.Impostors.Length),
                (long)Math.Round(LfwAccuracy.RateAtOrAbove(pairs.Impostors, MathF.Round(cosine, 4)) * pairs.Impostors.Length),
                Math.Round(Tar(protocolGenuine, MathF.Round(cosine, 4)), 4), Math.Round(Tar(pairs.Genuine, MathF.Round(cosine, 4)), 4));
        }).ToList();
        // A facen the manifest has no calibration for (another model, an ensemble) is shown at the presets this run measured.
        var calibration = ManifestCalibration(engine);
        output.WriteLine(calibration is null ? "presets at the cosines measured here (the facen has no calibration in the manifest):" : "presets of the manifest's calibration:");
        calibration ??= new FacenCalibration([.. points.Select(p => new CalibrationPoint(p.Far, p.Cosine, "empirical", pairs.Impostors.Length))]);
        output.WriteLine("| preset | confidence | cosine | nominal FAR | measured FAR | impostor pairs at or above | TAR, protocol | TAR, all genuine |");
        foreach (var (name, confidence, nominal) in Presets)
        {
            var cosine = calibration.ToCosine(confidence);
            var far = LfwAccuracy.RateAtOrAbove(pairs.Impostors, cosine);
            output.WriteLine($"| {name} | {confidence} | {cosine:F4} | {nominal?.ToString("0e0") ?? "-"} | {far:0.0e0} | " +
                $"{Math.Round(far * pairs.Impostors.Length):N0} | {Tar(protocolGenuine, cosine):P2} | {Tar(pairs.Genuine, cosine):P2} |");
        }

        output.WriteLine("cosines measured at the presets' false accept rates (empirical quantiles of the full impostor set):");
        foreach (var p in points)
            output.WriteLine($"  FAR {p.Far:0e0}: cosine {p.Cosine:F4} ({p.ImpostorPairsAtOrAbove:N0} impostor pairs at or above), TAR {p.TarProtocol:P2} protocol, {p.TarAllGenuine:P2} all");

        var identification = await LfwIdentification.RunAsync(facens);
        output.WriteLine($"1:N on the exact index: gallery {identification.Gallery} people ({identification.Distractors} with one photo: " +
            $"distractors), {identification.Searches.Count} mated probes; rank-1 {identification.HitRate(1):P2}, rank-5 {identification.HitRate(5):P2}");
        var identificationPoints = LfwIdentification.ReportedFalsePositiveRates.Select(fpir => identification.ThresholdAtFpir(fpir))
            .Select(t => ($"FPIR {identification.Fpir(t):0.0e0}", t))
            .Concat(Presets.Select(p => (p.Name, calibration.ToCosine(p.Confidence))))
            .Select(t => new IdentificationAt(t.Item1, MathF.Round(t.Item2, 4), Math.Round(identification.Fpir(t.Item2), 5), Math.Round(identification.Fnir(t.Item2), 5)))
            .ToList();
        output.WriteLine("| threshold | cosine | FPIR | FNIR (mate not first at or above) |");
        foreach (var p in identificationPoints)
            output.WriteLine($"| {p.Threshold} | {p.Cosine:F4} | {p.Fpir:P2} | {p.Fnir:P2} |");

        var timing = times.Count == 0 ? null : new LfwTiming(times.Count, Median(times.Select(t => t.DetectMs)), Median(times.Select(t => t.DescribeMs)),
            Median(times.Select(t => t.TotalMs)), Math.Round(times.Average(t => t.TotalMs), 1), File.ReadAllText("/proc/loadavg").Trim());
        output.WriteLine(timing is null
            ? "ms per face: every facen came from the cache (delete it to time the extraction)"
            : $"ms per face ({timing.Photos} photos, one at a time): detect {timing.DetectMedianMs} + align and facen {timing.DescribeMedianMs} = " +
              $"{timing.TotalMedianMs} median, {timing.TotalMeanMs} mean; load average {timing.LoadAverage}");

        if (summaryPath is not null)
        {
            var summary = new LfwSummary(key, set.Images.Count, noFace.Count, accuracy, pairs.People, pairs.Photos, pairs.Impostors.Length, pairs.Genuine.Length,
                [.. LfwAccuracy.ReportedFalseAcceptRates.Select(far => (far, LfwAccuracy.CosineAtFar(pairs.Impostors, far))).Select(t =>
                    new TarAtFar(t.far, MathF.Round(t.Item2, 4), Math.Round(Tar(protocolGenuine, t.Item2), 4), Math.Round(Tar(pairs.Genuine, t.Item2), 4)))],
                points, new IdentificationSummary(identification.Gallery, identification.Distractors, identification.Searches.Count,
                    Math.Round(identification.HitRate(1), 5), Math.Round(identification.HitRate(5), 5), identificationPoints), timing);
            await File.WriteAllTextAsync(summaryPath, JsonSerializer.Serialize(summary, Json.Options));
            output.WriteLine($"summary -> {summaryPath}");
        }
        return 0;
    }

    private static FacenCalibration? ManifestCalibration(FaceEngine engine)
    {
        try
        {
            return engine.Get<FacenCalibration>();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return Math.Round(sorted[sorted.Count / 2], 1);
    }
}

public sealed record LfwCalibrationPoint(double Far, float Cosine, long ImpostorPairsExpected, long ImpostorPairsAtOrAbove, double TarProtocol, double TarAllGenuine);

public sealed record TarAtFar(double Far, float Cosine, double TarProtocol, double TarAllGenuine);

public sealed record LfwTiming(int Photos, double DetectMedianMs, double DescribeMedianMs, double TotalMedianMs, double TotalMeanMs, string LoadAverage);

/// <summary>What <c>accuracy lfw</c> measured; models/calibration/ keeps it beside the points copied into the manifest.</summary>
public sealed record LfwSummary(string Engine, int Photos, int FacesNotFound, FoldAccuracy Accuracy, int People, int PhotosWithFace,
    long ImpostorPairs, long GenuinePairs, IReadOnlyList<TarAtFar> TarAtFar, IReadOnlyList<LfwCalibrationPoint> Calibration,
    IdentificationSummary Identification, LfwTiming? Timing);

public sealed record IdentificationSummary(int Gallery, int Distractors, int MatedProbes, double Rank1, double Rank5, IReadOnlyList<IdentificationAt> At);

public sealed record IdentificationAt(string Threshold, float Cosine, double Fpir, double Fnir);
