namespace Vision.Models;

/// <summary>Maps the facen model's cosine similarity to FindFace's confidence so that each preset of
/// <see cref="ConfidenceThresholds"/> falls at the cosine where our model has that preset's false accept rate (measured
/// in models/calibration/, see MODELS.md): piecewise linear through (-1, 0), the three presets and (1, 1).</summary>
public sealed class FacenCalibration
{
    private readonly float[] _cosines;
    private static readonly float[] Confidences = [0f, ConfidenceThresholds.Low, ConfidenceThresholds.Medium, ConfidenceThresholds.Strict, 1f];

    public FacenCalibration(IReadOnlyList<CalibrationPoint> points)
    {
        _cosines =
        [
            -1f,
            CosineAt(points, ConfidenceThresholds.LowFalseAcceptRate),
            CosineAt(points, ConfidenceThresholds.MediumFalseAcceptRate),
            CosineAt(points, ConfidenceThresholds.StrictFalseAcceptRate),
            1f,
        ];
        for (var i = 1; i < _cosines.Length; i++)
            if (_cosines[i] <= _cosines[i - 1])
                throw new InvalidDataException($"Calibration cosines must rise as the false accept rate falls: {string.Join(", ", _cosines)}.");
    }

    /// <summary>The calibration of the manifest's facen model.</summary>
    public static FacenCalibration For(ModelSpec facenModel) =>
        new(facenModel.Calibration ?? throw new InvalidDataException($"The facen model '{facenModel.Name}' has no calibration in the manifest."));

    public float ToConfidence(float cosine) => Interpolate(_cosines, Confidences, Math.Clamp(cosine, -1f, 1f));

    public float ToCosine(float confidence) => Interpolate(Confidences, _cosines, Math.Clamp(confidence, 0f, 1f));

    private static float Interpolate(float[] from, float[] to, float x)
    {
        var i = 1;
        while (i < from.Length - 1 && x > from[i])
            i++;
        var t = (x - from[i - 1]) / (from[i] - from[i - 1]);
        return to[i - 1] + t * (to[i] - to[i - 1]);
    }

    private static float CosineAt(IReadOnlyList<CalibrationPoint> points, double falseAcceptRate) =>
        points.FirstOrDefault(p => p.Far == falseAcceptRate)?.Cosine
        ?? throw new InvalidDataException($"The facen calibration has no point at FAR {falseAcceptRate}.");
}

/// <summary>The cosine at which the facen model falsely accepts <paramref name="Far"/> of different-person pairs.</summary>
/// <param name="Method">"empirical" (a quantile of measured pairs) or "normal tail fit" (extrapolated).</param>
/// <param name="ImpostorPairs">How many different-person pairs were measured.</param>
/// <param name="People">How many people those pairs came from.</param>
/// <param name="Data">The photos measured (MODELS.md, "Confidence calibration").</param>
public sealed record CalibrationPoint(double Far, float Cosine, string Method, long ImpostorPairs, int? People = null, string? Data = null);
