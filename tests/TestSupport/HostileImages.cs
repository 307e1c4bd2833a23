using System.Buffers.Binary;
using System.Text;

namespace TestSupport;

/// <summary>Inputs a careless or hostile client sends instead of a photo.</summary>
public static class HostileImages
{
    public static byte[] Text => Encoding.UTF8.GetBytes("this is a text file, not a photo\n");

    /// <summary>A valid 1x1 GIF: a real image, in a format the API does not take.</summary>
    public static byte[] Gif =>
    [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
        0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];

    public static byte[] Truncated(byte[] photo) => photo[..(photo.Length / 2)];

    /// <summary>A well-formed PNG whose header claims <paramref name="width"/> x <paramref name="height"/> pixels
    /// with a few bytes of data: a decompression bomb's shape.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        return
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
            .. Chunk("IHDR", header),
            .. Chunk("IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]),
            .. Chunk("IEND", []),
        ];
    }

    /// <summary>
    /// Each hostile input by the name a test reports it under, built when asked: theory data holds the name, since xunit
    /// serializes theory data at discovery (a 12 MB array that way took the test host's memory until it was killed).
    /// </summary>
    public static byte[] Named(string name) => name switch
    {
        "empty" => [],
        "text" => Text,
        "gif" => Gif,
        "truncated jpeg" => Truncated(Photos.Bytes("grace_hopper.jpg")),
        "png claiming 50000x50000" => PngClaiming(50_000, 50_000),
        "12 MB" => Huge(12 * 1024 * 1024),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such hostile input."),
    };

    /// <summary>A JPEG start followed by filler: bigger than the spec's 10 MB limit.</summary>
    public static byte[] Huge(int bytes)
    {
        var data = new byte[bytes];
        data[0] = 0xFF;
        data[1] = 0xD8;
        return data;
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
