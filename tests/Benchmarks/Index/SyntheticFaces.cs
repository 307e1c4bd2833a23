using System.Numerics.Tensors;
using Contracts.Index;
using Workers.Index.Exact;

namespace Benchmarks.Index;

/// <summary>An exact index of random normalised 512-d facens: every tenth face is also in gallery <see cref="Gallery"/>.</summary>
public static class SyntheticFaces
{
    public const int Dimension = 512;
    public const string Gallery = "staff";
    public const int GalleryShare = 10;
    public const int Seed = 1;

    /// <summary>What a float32 scan reads per face: <see cref="Float32Scan"/>, and the copy baseline.</summary>
    public const long Float32FacenBytes = Dimension * sizeof(float);

    /// <summary>What the int8 scan reads per face: its int8 facen and its scale and norms (<c>RowBounds</c>).</summary>
    public const long Int8ScanBytes = Dimension + 3 * sizeof(float);

    public static ExactFaceIndex Build(int faces)
    {
        var index = new ExactFaceIndex();
        var random = new Random(Seed);
        foreach (var batch in Enumerable.Range(1, faces).Chunk(4096))
            index.AddAsync([.. batch.Select(id => new IndexedFacen(id, Facen(random), id % GalleryShare == 0 ? [Gallery] : []))])
                .AsTask().GetAwaiter().GetResult();
        return index;
    }

    /// <summary>Uniform rather than Gaussian components: a million facens are made in a second, and a scan costs the same.</summary>
    public static float[] Facen(Random random)
    {
        var facen = new float[Dimension];
        for (var k = 0; k < facen.Length; k++)
            facen[k] = random.NextSingle() - 0.5f;
        var norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(facen));
        TensorPrimitives.Divide(facen, norm, facen);
        return facen;
    }
}
