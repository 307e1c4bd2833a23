namespace Vision.Models;

/// <summary>FindFace's match confidence presets (spec 9.1.7 "Confidence Thresholds" and /verify's threshold parameter),
/// with the false accept rate each one stands for; <see cref="FacenCalibration"/> keeps that meaning for our facen model.</summary>
public static class ConfidenceThresholds
{
    /// <summary>"strict": FAR 1e-5 on FindFace's test set (spec 9.1.7).</summary>
    public const float Strict = 0.7834f;

    /// <summary>"medium": FAR 1e-3 on FindFace's test set (spec 9.1.7).</summary>
    public const float Medium = 0.6616f;

    /// <summary>"low": FAR 1e-1 on FindFace's test set (spec 9.1.7).</summary>
    public const float Low = 0.5690f;

    /// <summary>The threshold when a request names none (spec 9.1.7 and /verify: "Default is 0.75").</summary>
    public const float Default = 0.75f;

    /// <summary>"none": similarity only, no same-person decision (spec 9.1.7).</summary>
    public const float None = 0f;

    public const double StrictFalseAcceptRate = 1e-5;
    public const double MediumFalseAcceptRate = 1e-3;
    public const double LowFalseAcceptRate = 1e-1;
}
