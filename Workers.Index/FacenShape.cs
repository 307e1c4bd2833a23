namespace Workers.Index;

/// <summary>Every facen of an index has the same length: that of the first one added.</summary>
public static class FacenShape
{
    /// <summary>Throws <see cref="ArgumentException"/> for a facen of another length.</summary>
    public static void Check(float[] facen, int dimension)
    {
        if (facen.Length != dimension)
            throw new ArgumentException($"A facen of {facen.Length} elements does not fit an index of {dimension}-element facens.");
    }
}
