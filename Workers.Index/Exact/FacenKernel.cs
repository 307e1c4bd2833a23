using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workers.Index.Exact;

/// <summary>Dot products of one query with four rows at once: the query is loaded once per four row loads, and the four
/// independent FMA chains hide each other's latency, so a scan runs at memory speed rather than at FMA latency.</summary>
internal static unsafe class FacenKernel
{
    /// <summary>The similarities of <paramref name="query"/> with rows r0..r3, in that order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Dot4(float* query, float* r0, float* r1, float* r2, float* r3, int dimension) =>
        Fma.IsSupported ? Dot4Fma(query, r0, r1, r2, r3, dimension) : Dot4Portable(query, r0, r1, r2, r3, dimension);

    private static Vector128<float> Dot4Fma(float* query, float* r0, float* r1, float* r2, float* r3, int dimension)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var k = 0;
        for (; k <= dimension - Vector256<float>.Count; k += Vector256<float>.Count)
        {
            var q = Avx.LoadVector256(query + k);
            a0 = Fma.MultiplyAdd(Avx.LoadVector256(r0 + k), q, a0);
            a1 = Fma.MultiplyAdd(Avx.LoadVector256(r1 + k), q, a1);
            a2 = Fma.MultiplyAdd(Avx.LoadVector256(r2 + k), q, a2);
            a3 = Fma.MultiplyAdd(Avx.LoadVector256(r3 + k), q, a3);
        }
        // Two rounds of pairwise adds leave [a0, a1, a2, a3] split over the two 128-bit halves.
        var sums = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
        return sums.GetLower() + sums.GetUpper() + Tail(query, r0, r1, r2, r3, k, dimension);
    }

    private static Vector128<float> Dot4Portable(float* query, float* r0, float* r1, float* r2, float* r3, int dimension)
    {
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var k = 0;
        for (; k <= dimension - Vector<float>.Count; k += Vector<float>.Count)
        {
            var q = Vector.Load(query + k);
            a0 += Vector.Load(r0 + k) * q;
            a1 += Vector.Load(r1 + k) * q;
            a2 += Vector.Load(r2 + k) * q;
            a3 += Vector.Load(r3 + k) * q;
        }
        return Vector128.Create(Vector.Sum(a0), Vector.Sum(a1), Vector.Sum(a2), Vector.Sum(a3)) + Tail(query, r0, r1, r2, r3, k, dimension);
    }

    /// <summary>The elements past the last whole vector (none for 512-d facens).</summary>
    private static Vector128<float> Tail(float* query, float* r0, float* r1, float* r2, float* r3, int from, int dimension)
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (var k = from; k < dimension; k++)
        {
            s0 += r0[k] * query[k];
            s1 += r1[k] * query[k];
            s2 += r2[k] * query[k];
            s3 += r3[k] * query[k];
        }
        return Vector128.Create(s0, s1, s2, s3);
    }
}
