using System.Buffers.Binary;

namespace Gateway.Http;

/// <summary>A facen on the wire: its float32 values as little-endian bytes (FindFace's raw .facen), or those bytes in base64
/// (the Extraction API's <c>facen</c>, spec 8.4, and the direct index API's, spec 8.7).</summary>
public static class FacenEncoding
{
    public static string ToBase64(float[] facen) => Convert.ToBase64String(ToBytes(facen));

    /// <summary>The form the metadata stores keep a facen in, too.</summary>
    public static byte[] ToBytes(float[] facen)
    {
        var bytes = new byte[facen.Length * sizeof(float)];
        for (var i = 0; i < facen.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), facen[i]);
        return bytes;
    }

    /// <exception cref="FormatException">Not base64, or not a whole number of float32 values.</exception>
    public static float[] FromBase64(string base64) => FromBytes(Convert.FromBase64String(base64.Trim()));

    /// <exception cref="FormatException">Not a whole number of float32 values.</exception>
    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
            throw new FormatException($"{bytes.Length} bytes are not a whole number of 4-byte float32 values.");
        var facen = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < facen.Length; i++)
            facen[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        return facen;
    }
}
