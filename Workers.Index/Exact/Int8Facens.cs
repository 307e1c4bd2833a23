namespace Workers.Index.Exact;

/// <summary>A facen as the scan keeps it: int8 values q in [-127, 127] with one scale s per facen (the facen is s q plus an
/// error e), and what bounds the error of a similarity computed from them.</summary>
/// <param name="Scale">s: the largest magnitude of the facen over 127.</param>
/// <param name="ErrorNorm">||e|| = ||x - s q||, rounded up.</param>
/// <param name="Norm">||x||, rounded up.</param>
internal readonly record struct RowBounds(float Scale, float ErrorNorm, float Norm);

/// <summary>Quantisation of facens to int8 with a scale each, and the error bound that makes an int8 search exact.</summary>
/// <remarks>For a query y = ŷ + e_y and a row x = x̂ + e_x (ŷ, x̂ their int8 values times their scales), y·x = ŷ·x̂ + ŷ·e_x + e_y·x,
/// so by Cauchy-Schwarz |y·x - ŷ·x̂| &lt;= ||ŷ|| ||e_x|| + ||e_y|| ||x||. ŷ·x̂ is an integer dot product (exact) times two
/// scales; a float32 dot product of y and x, in any summation order, is within d 2^-24 ||y|| ||x|| of y·x (Higham's gamma_d).
/// <see cref="QuantisedQuery"/> widens both terms by margins that also cover the few float roundings of the bound itself, so
/// the float32 similarity of every row lies within its bound, for finite facens of any scale or length. Facens of the model
/// (unit length, 512-d) have ||e|| ~ 0.007: bounds of ~0.015 around int8 similarities.</remarks>
internal static class Int8Facens
{
    public const int MaxValue = sbyte.MaxValue;

    /// <summary>Bytes of a quantised facen: its length padded with zeros to whole kernel blocks.</summary>
    public static int Stride(int dimension) => (dimension + FacenKernel.BlockBytes - 1) / FacenKernel.BlockBytes * FacenKernel.BlockBytes;

    /// <summary>Writes the int8 values of <paramref name="facen"/> into <paramref name="values"/> (padding zeroed) and returns
    /// its scale and norms. The error is measured, not assumed from the rounding, so the bound holds whatever the values.</summary>
    public static RowBounds Quantise(ReadOnlySpan<float> facen, Span<sbyte> values)
    {
        values.Clear();
        var largest = 0f;
        foreach (var value in facen)
            largest = MathF.Max(largest, MathF.Abs(value));
        var scale = largest / MaxValue;
        double error = 0, norm = 0;
        for (var k = 0; k < facen.Length; k++)
        {
            var q = scale > 0 ? (int)Math.Clamp(MathF.Round(facen[k] / scale), -MaxValue, MaxValue) : 0;
            values[k] = (sbyte)q;
            var e = facen[k] - (double)scale * q;
            error += e * e;
            norm += (double)facen[k] * facen[k];
        }
        return new RowBounds(scale, RoundUp(Math.Sqrt(error)), RoundUp(Math.Sqrt(norm)));
    }

    /// <summary>A float at least <paramref name="value"/>: the nearest float may be just below it.</summary>
    public static float RoundUp(double value) => float.BitIncrement((float)value);
}

/// <summary>A query ready for the int8 scan: its magnitudes and signs (the kernel's two operands), its scale, and the weights
/// of a row's <see cref="RowBounds"/> in the bound: |float32 similarity - int8 similarity| &lt;= ErrorWeight ||e_x|| +
/// NormWeight ||x||.</summary>
internal sealed class QuantisedQuery
{
    // Relative widening of each term, and the float32 summation allowance per element (2^-23, twice the unit roundoff), with a
    // few elements more for the roundings of the bound's own arithmetic (see Int8Facens).
    private const float TermMargin = 1 + 1f / (1 << 20);
    private const float RoundoffPerElement = 1f / (1 << 23);
    private const int ExtraRoundings = 16;

    public QuantisedQuery(float[] facen, int stride)
    {
        Facen = facen;
        Signs = new sbyte[stride];
        var bounds = Int8Facens.Quantise(facen, Signs);
        Magnitudes = [.. Signs.Select(q => (byte)Math.Abs(q))];
        Scale = bounds.Scale;
        var quantisedNorm = Int8Facens.RoundUp(bounds.Scale * Math.Sqrt(Signs.Sum(q => q * q)));
        ErrorWeight = quantisedNorm * TermMargin;
        NormWeight = bounds.ErrorNorm * TermMargin + (facen.Length + ExtraRoundings) * RoundoffPerElement * (bounds.Norm + quantisedNorm);
    }

    public float[] Facen { get; }
    public sbyte[] Signs { get; }
    public byte[] Magnitudes { get; }
    public float Scale { get; }
    public float ErrorWeight { get; }
    public float NormWeight { get; }
}
