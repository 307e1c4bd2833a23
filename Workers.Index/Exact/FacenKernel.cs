using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workers.Index.Exact;

/// <summary>Integer dot products of one int8 query with one int8 row. Rows and queries are padded with zeros to
/// <see cref="BlockBytes"/>, so there is no tail. Both sides hold values in [-127, 127], never -128.</summary>
/// <remarks>
/// A scan reads row after row front to back, one stream the hardware prefetcher keeps up with: at 1M rows it reads at the
/// machine's copy rate, where four rows at once, 512 bytes apart, ran at two thirds of it (Workers.Index/README.md, "How it
/// got there"). Two accumulators per row are enough to hide the multiplies behind the reads.
/// x86's byte multiplies take one unsigned and one signed side, so the query is given as its magnitudes and its signs, and
/// each row byte takes the sign of its query byte (psignb): |q| * (sign(q) x) = q x, with pairs of products at most
/// 2 * 127 * 127 = 32,258, inside pmaddubsw's int16 saturation. .NET 10 exposes VNNI only as AvxVnni (VEX, 256 bits; the
/// 512-bit form arrives with .NET 11): one vpdpbusd replaces pmaddubsw + pmaddwd + add.
/// </remarks>
internal static unsafe class FacenKernel
{
    /// <summary>Rows and queries are padded to a whole number of these (two 256-bit vectors, one cache line).</summary>
    public const int BlockBytes = 64;

    /// <summary>The instruction set the scan uses on this CPU, for the start-up log.</summary>
    public static string InstructionSet =>
        AvxVnni.IsSupported ? "AVX-VNNI (vpdpbusd, 256-bit)" : Avx2.IsSupported ? "AVX2 (vpmaddubsw)" : "portable (Vector128)";

    /// <summary>The dot product of the query (<paramref name="magnitudes"/> |q|, <paramref name="signs"/> q) with a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(byte* magnitudes, sbyte* signs, sbyte* row, int stride) =>
        AvxVnni.IsSupported ? DotVnni(magnitudes, signs, row, stride)
        : Avx2.IsSupported ? DotAvx2(magnitudes, signs, row, stride)
        : DotPortable(signs, row, stride);

    internal static int DotVnni(byte* magnitudes, sbyte* signs, sbyte* row, int stride)
    {
        Vector256<int> a0 = default, a1 = default;
        for (var k = 0; k < stride; k += BlockBytes)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, Avx.LoadVector256(magnitudes + k),
                Avx2.Sign(Avx.LoadVector256(row + k), Avx.LoadVector256(signs + k)));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, Avx.LoadVector256(magnitudes + k + 32),
                Avx2.Sign(Avx.LoadVector256(row + k + 32), Avx.LoadVector256(signs + k + 32)));
        }
        return Vector256.Sum(a0 + a1);
    }

    internal static int DotAvx2(byte* magnitudes, sbyte* signs, sbyte* row, int stride)
    {
        var ones = Vector256.Create((short)1);
        Vector256<int> a0 = default, a1 = default;
        for (var k = 0; k < stride; k += BlockBytes)
        {
            a0 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Avx.LoadVector256(magnitudes + k),
                Avx2.Sign(Avx.LoadVector256(row + k), Avx.LoadVector256(signs + k))), ones);
            a1 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Avx.LoadVector256(magnitudes + k + 32),
                Avx2.Sign(Avx.LoadVector256(row + k + 32), Avx.LoadVector256(signs + k + 32))), ones);
        }
        return Vector256.Sum(a0 + a1);
    }

    /// <summary>Any CPU: bytes widened to int16 (a product is at most 127 * 127, a pair's sum fits), then to int32.</summary>
    internal static int DotPortable(sbyte* query, sbyte* row, int stride)
    {
        Vector128<int> sum = default;
        for (var k = 0; k < stride; k += Vector128<sbyte>.Count)
        {
            var (ql, qh) = Vector128.Widen(Vector128.Load(query + k));
            var (rl, rh) = Vector128.Widen(Vector128.Load(row + k));
            var (low, high) = Vector128.Widen(ql * rl + qh * rh);
            sum += low + high;
        }
        return Vector128.Sum(sum);
    }

    /// <summary>The float32 dot product the answers report, for re-ranking; any summation order is within the bound that
    /// <see cref="QuantisedQuery"/> allows for it.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector256<float>.Zero;
        var k = 0;
        for (; k <= a.Length - Vector256<float>.Count; k += Vector256<float>.Count)
            sum += Vector256.Create(a.Slice(k, Vector256<float>.Count)) * Vector256.Create(b.Slice(k, Vector256<float>.Count));
        var total = Vector256.Sum(sum);
        for (; k < a.Length; k++)
            total += a[k] * b[k];
        return total;
    }
}
