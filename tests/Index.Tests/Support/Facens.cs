namespace Index.Tests.Support;

/// <summary>Random L2-normalised facens from a fixed seed, so that every run checks the same cases.</summary>
public sealed class Facens(int dimension, int seed = 7)
{
    private readonly Random _random = new(seed);

    public int Dimension { get; } = dimension;

    public float[] Next()
    {
        var facen = new float[Dimension];
        for (var k = 0; k < facen.Length; k++)
            facen[k] = Gaussian();
        return Normalised(facen);
    }

    /// <summary>A facen close to <paramref name="facen"/>, as a second photo of the same person would give.</summary>
    public float[] Near(float[] facen, float noise = 0.5f)
    {
        var near = new float[facen.Length];
        for (var k = 0; k < near.Length; k++)
            near[k] = facen[k] + noise * Gaussian() / MathF.Sqrt(facen.Length);
        return Normalised(near);
    }

    /// <summary>A unit facen whose cosine with the unit <paramref name="facen"/> is <paramref name="similarity"/>: the facen
    /// turned towards a random direction orthogonal to it, or, <paramref name="spiky"/>, towards one dominated by a single
    /// component, whose int8 form is far from it (the large component takes the scale, the rest round to few levels).</summary>
    public float[] AtSimilarity(float[] facen, double similarity, bool spiky = false)
    {
        var direction = Next();
        if (spiky)
            direction[Pick(Dimension)] += 4;
        var along = direction.Zip(facen, (d, f) => (double)d * f).Sum();
        var orthogonal = Normalised([.. direction.Select((d, k) => (float)(d - along * facen[k]))]);
        var sine = Math.Sqrt(1 - similarity * similarity);
        return Normalised([.. facen.Select((f, k) => (float)(similarity * f + sine * orthogonal[k]))]);
    }

    public int Pick(int count) => _random.Next(count);

    private float Gaussian() =>
        MathF.Sqrt(-2 * MathF.Log(1 - _random.NextSingle())) * MathF.Cos(2 * MathF.PI * _random.NextSingle());

    private static float[] Normalised(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }
}
