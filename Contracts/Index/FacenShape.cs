namespace Contracts.Index;

/// <summary>Every facen of an index has the same length: that of the first one added; the facen model writes them finite and
/// of unit length, which a cosine as a dot product relies on.</summary>
public static class FacenShape
{
    /// <summary>How far from 1 the L2 norm of a facen given from outside may be: float32 rounding, not another scale.</summary>
    public const double NormTolerance = 1e-3;

    /// <summary>Throws <see cref="FacenShapeException"/> for a facen of another length.</summary>
    public static void Check(float[] facen, int dimension)
    {
        if (facen.Length != dimension)
            throw new FacenShapeException($"A facen of {facen.Length} elements does not fit an index of {dimension}-element facens.");
    }

    /// <summary>Throws <see cref="FacenShapeException"/> for a facen given from outside (FindFace's direct API) that the model
    /// could not have written: empty, not finite, or not of unit length.</summary>
    public static void CheckValues(float[] facen)
    {
        if (facen.Length == 0)
            throw new FacenShapeException("A facen needs at least one element.");
        if (!facen.All(float.IsFinite))
            throw new FacenShapeException("A facen holds only finite numbers.");
        var norm = Math.Sqrt(facen.Sum(value => (double)value * value));
        if (Math.Abs(norm - 1) > NormTolerance)
            throw new FacenShapeException($"A facen has unit length (L2 norm 1), not {norm:0.####}.");
    }
}

/// <summary>A facen the index cannot take: of another length than its facens, or with values no facen has.</summary>
public sealed class FacenShapeException(string message) : ArgumentException(message);
