namespace Vision.Models;

/// <summary>Placeholder until the calibration branch lands.</summary>
public sealed class FacenCalibration
{
    public float ToConfidence(float cosine) => Math.Clamp((cosine + 1) / 2, 0, 1);

    public float ToCosine(float confidence) => Math.Clamp(confidence * 2 - 1, -1, 1);
}
