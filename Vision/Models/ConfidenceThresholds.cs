namespace Vision.Models;

/// <summary>Placeholder until the calibration branch lands.</summary>
public static class ConfidenceThresholds
{
    public const float Strict = 0.7834f;
    public const float Medium = 0.6616f;
    public const float Low = 0.5690f;
    public const float None = 0f;
    public const float Default = 0.75f;
}
