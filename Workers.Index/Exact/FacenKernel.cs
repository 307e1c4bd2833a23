using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workers.Index.Exact;

/// <summary>Integer dot products of one int8 query with four int8 rows at once: the query is loaded once per four row loads and
/// four independent accumulators hide each other's latency, so a scan runs at memory speed. Rows and queries are padded with
/// zeros to <see cref="BlockBytes"/>, so there is no tail. Both sides hold values in [-127, 127], never -128.</summary>
/// <remarks>x86's byte multiplies take one unsigned and one signed side, so the query is given as its magnitudes and its
/// signs, and each row byte takes the sign of its query byte (psignb): |q| * (sign(q) x) = q x, with pairs of products at most
/// 2 * 127 * 127 = 32,258, inside pmaddubsw's int16 saturation. .NET 10 exposes VNNI only as AvxVnni (VEX, 256 bits; the
/// 512-bit form arrives with .NET 11): one vpdpbusd replaces pmaddubsw + pmaddwd + add. The scan is bound by memory either
/// way: on the AVX2 machine 512 bytes a row take ~20 cycles of the kernel, less than the time to read them.</remarks>
internal static unsafe class FacenKernel
{
    /// <summary>Rows and queries are padded to a whole number of these (one 256-bit vector).</summary>
    public const int BlockBytes = 32;

    /// <summary>The instruction set the scan uses on this CPU, for the start-up log.</summary>
    public static string InstructionSet =>
        AvxVnni.IsSupported ? "AVX-VNNI (vpdpbusd, 256-bit)" : Avx2.IsSupported ? "AVX2 (vpmaddubsw)" : "portable (Vector128)";

    /// <summary>The dot products of the query (<paramref name="magnitudes"/> |q|, <paramref name="signs"/> q) with rows r0..r3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Dot4(byte* magnitudes, sbyte* signs, sbyte* r0, sbyte* r1, sbyte* r2, sbyte* r3, int stride) =>
        AvxVnni.IsSupported ? Dot4Vnni(magnitudes, signs, r0, r1, r2, r3, stride)
        : Avx2.IsSupported ? Dot4Avx2(magnitudes, signs, r0, r1, r2, r3, stride)
        : Dot4Portable(signs, r0, r1, r2, r3, stride);

    internal static Vector128<int> Dot4Vnni(byte* magnitudes, sbyte* signs, sbyte* r0, sbyte* r1, sbyte* r2, sbyte* r3, int stride)
    {
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var k = 0; k < stride; k += BlockBytes)
        {
            var (m, s) = (Avx.LoadVector256(magnitudes + k), Avx.LoadVector256(signs + k));
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, m, Avx2.Sign(Avx.LoadVector256(r0 + k), s));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, m, Avx2.Sign(Avx.LoadVector256(r1 + k), s));
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, m, Avx2.Sign(Avx.LoadVector256(r2 + k), s));
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, m, Avx2.Sign(Avx.LoadVector256(r3 + k), s));
        }
        return Sum4(a0, a1, a2, a3);
    }

    internal static Vector128<int> Dot4Avx2(byte* magnitudes, sbyte* signs, sbyte* r0, sbyte* r1, sbyte* r2, sbyte* r3, int stride)
    {
        var ones = Vector256.Create((short)1);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var k = 0; k < stride; k += BlockBytes)
        {
            var (m, s) = (Avx.LoadVector256(magnitudes + k), Avx.LoadVector256(signs + k));
            a0 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(m, Avx2.Sign(Avx.LoadVector256(r0 + k), s)), ones);
            a1 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(m, Avx2.Sign(Avx.LoadVector256(r1 + k), s)), ones);
            a2 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(m, Avx2.Sign(Avx.LoadVector256(r2 + k), s)), ones);
            a3 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(m, Avx2.Sign(Avx.LoadVector256(r3 + k), s)), ones);
        }
        return Sum4(a0, a1, a2, a3);
    }

    /// <summary>Any CPU: bytes widened to int16 (a product is at most 127 * 127, a pair's sum fits), then to int32.</summary>
    internal static Vector128<int> Dot4Portable(sbyte* query, sbyte* r0, sbyte* r1, sbyte* r2, sbyte* r3, int stride)
    {
        Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var k = 0; k < stride; k += Vector128<sbyte>.Count)
        {
            var (ql, qh) = Vector128.Widen(Vector128.Load(query + k));
            a0 += Products(ql, qh, r0 + k);
            a1 += Products(ql, qh, r1 + k);
            a2 += Products(ql, qh, r2 + k);
            a3 += Products(ql, qh, r3 + k);
        }
        return Vector128.Create(Vector128.Sum(a0), Vector128.Sum(a1), Vector128.Sum(a2), Vector128.Sum(a3));

        static Vector128<int> Products(Vector128<short> ql, Vector128<short> qh, sbyte* row)
        {
            var (rl, rh) = Vector128.Widen(Vector128.Load(row));
            var (low, high) = Vector128.Widen(ql * rl + qh * rh);
            return low + high;
        }
    }

    /// <summary>[sum a0, sum a1, sum a2, sum a3]: two rounds of pairwise adds leave them split over the two 128-bit halves.</summary>
    private static Vector128<int> Sum4(Vector256<int> a0, Vector256<int> a1, Vector256<int> a2, Vector256<int> a3)
    {
        var sums = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
        return sums.GetLower() + sums.GetUpper();
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
