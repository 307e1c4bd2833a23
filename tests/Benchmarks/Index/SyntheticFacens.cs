using System.Numerics.Tensors;

namespace Benchmarks.Index;

/// <summary>Facens of the Redis index report, made again from their id for the exact index, the shards and the queries
/// (<c>data=random|people</c>).</summary>
public abstract class SyntheticFacens
{
    public abstract string Describe { get; }

    /// <summary>The enrolled face <paramref name="id"/>.</summary>
    public abstract float[] Facen(int id);

    /// <summary>Query <paramref name="query"/> of someone not enrolled.</summary>
    public abstract float[] NewPerson(int query);

    /// <summary>Query <paramref name="query"/>: another photo of the person of enrolled face <paramref name="id"/>.</summary>
    public abstract float[] AnotherPhoto(int id, int query);

    public static SyntheticFacens Named(string data) => data switch
    {
        "random" => new UniformFacens(),
        "people" => new PeopleFacens(),
        _ => throw new ArgumentException($"data={data}: random or people."),
    };

    // Seeds of the Random behind each vector, apart for every kind: enrolled face ids are 1 up to a few million.
    protected const int AnotherPhotoSeed = 2_000_000_000;
    protected const int NewPersonSeed = 2_100_000_000;

    protected static float[] Normalised(float[] facen)
    {
        TensorPrimitives.Divide(facen, MathF.Sqrt(TensorPrimitives.SumOfSquares(facen)), facen);
        return facen;
    }
}

/// <summary>Uniformly random unit facens (<see cref="SyntheticFaces.Facen"/>): no structure at all, HNSW's worst case;
/// another photo is the facen plus half a random one (cosine ~0.9).</summary>
public sealed class UniformFacens : SyntheticFacens
{
    public override string Describe => "uniform random unit vectors";

    public override float[] Facen(int id) => SyntheticFaces.Facen(new Random(id));

    public override float[] NewPerson(int query) => SyntheticFaces.Facen(new Random(NewPersonSeed + query));

    public override float[] AnotherPhoto(int id, int query)
    {
        var noise = SyntheticFaces.Facen(new Random(AnotherPhotoSeed + query));
        return Normalised([.. Facen(id).Zip(noise, (x, y) => x + 0.5f * y)]);
    }
}

/// <summary>Face-like facens: people with <see cref="PhotosPerPerson"/> photos each, fitted to what the real facen model
/// gives (MODELS.md, calibration): different people cosine 0.037 +- 0.102, one person across photos 0.642 +- 0.164.</summary>
/// <remarks>A photo is mean + sqrt(1 - w) person + sqrt(w) photo noise, normalised, where person and noise are random
/// vectors of one anisotropic spectrum (variances k^-alpha) turned by a fixed random rotation (signs + Walsh-Hadamard).
/// Random unit vectors in 512-d have cosines of +- 0.044 (1/sqrt(512)); the model's +- 0.102 means an effective
/// dimension (participation ratio of the spectrum) of 1/0.102^2 = 96, which alpha is solved for; the shared mean gives
/// the 0.037 offset (mean^2 / (1 + mean^2)). A photo's quality sqrt(1 - w) is uniform in [0.6, 0.98], so that photos of
/// one person have cosine 0.64 on average with a spread like the model's.</remarks>
public sealed class PeopleFacens : SyntheticFacens
{
    public const int PhotosPerPerson = 4;
    private const int Dimension = SyntheticFaces.Dimension;
    private const double EffectiveDimension = 96;
    private const float MeanWeight = 0.196f;
    private const int NewPeople = 500_000_000;
    private const int PersonSeed = 1_000_000_000;
    private const int SpaceSeed = 2_147_000_000;

    private static readonly float[] Scales = SpectrumScales();
    private static readonly float[] Signs = RandomSigns(new Random(SpaceSeed));
    private static readonly float[] Mean = Normalised(Draw(new Random(SpaceSeed + 1)));

    public override string Describe =>
        $"face-like: {PhotosPerPerson} photos per person, spectrum of effective dimension {EffectiveDimension}, fitted to the real model's cosines";

    public override float[] Facen(int id) => Photo((id - 1) / PhotosPerPerson, id);

    public override float[] NewPerson(int query) => Photo(NewPeople + query, NewPersonSeed + query);

    public override float[] AnotherPhoto(int id, int query) => Photo((id - 1) / PhotosPerPerson, AnotherPhotoSeed + query);

    private static float[] Photo(int person, int photo)
    {
        var random = new Random(photo);
        var quality = 0.6f + 0.38f * random.NextSingle();
        var face = Draw(new Random(PersonSeed + person));
        var noise = Draw(random);
        var facen = new float[Dimension];
        for (var k = 0; k < Dimension; k++)
            facen[k] = MeanWeight * Mean[k] + quality * face[k] + MathF.Sqrt(1 - quality * quality) * noise[k];
        return Normalised(facen);
    }

    /// <summary>A random vector of the spectrum (unit expected length), rotated: uniform components, which the rotation
    /// mixes into near-Gaussian ones.</summary>
    private static float[] Draw(Random random)
    {
        var vector = new float[Dimension];
        for (var k = 0; k < Dimension; k++)
            vector[k] = (random.NextSingle() - 0.5f) * MathF.Sqrt(12) * Scales[k] * Signs[k];
        Hadamard(vector);
        return vector;
    }

    private static float[] RandomSigns(Random random) => [.. Enumerable.Range(0, Dimension).Select(_ => random.Next(2) == 0 ? -1f : 1f)];

    /// <summary>Walsh-Hadamard transform, orthonormal: spreads each spectrum axis over every component.</summary>
    private static void Hadamard(float[] vector)
    {
        for (var half = 1; half < vector.Length; half *= 2)
            for (var i = 0; i < vector.Length; i += 2 * half)
                for (var j = i; j < i + half; j++)
                    (vector[j], vector[j + half]) = (vector[j] + vector[j + half], vector[j] - vector[j + half]);
        TensorPrimitives.Multiply(vector, 1 / MathF.Sqrt(vector.Length), vector);
    }

    /// <summary>Standard deviations k^(-alpha/2), alpha such that (sum variances)^2 / sum variances^2 is the effective
    /// dimension, scaled to a total variance of 1.</summary>
    private static float[] SpectrumScales()
    {
        double Participation(double alpha)
        {
            var variances = Enumerable.Range(1, Dimension).Select(k => Math.Pow(k, -alpha)).ToArray();
            return Math.Pow(variances.Sum(), 2) / variances.Sum(v => v * v);
        }
        double low = 0, high = 4;
        for (var step = 0; step < 60; step++)
        {
            var middle = (low + high) / 2;
            if (Participation(middle) > EffectiveDimension) low = middle; else high = middle;
        }
        var total = Enumerable.Range(1, Dimension).Sum(k => Math.Pow(k, -low));
        return [.. Enumerable.Range(1, Dimension).Select(k => (float)Math.Sqrt(Math.Pow(k, -low) / total))];
    }
}
