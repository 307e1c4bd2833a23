using CommunityToolkit.HighPerformance.Buffers;

namespace Gateway.Http;

/// <summary>Reads a stream into memory up to a limit, counting what arrives rather than trusting a declared length.</summary>
public static class LimitedRead
{
    // What one read asks the pool for; a photo of 60 KB takes three or four reads into one buffer that grows by doubling.
    private const int ReadSize = 16 * 1024;

    /// <returns>The bytes, or null when the stream holds more than <paramref name="limit"/> bytes.</returns>
    /// <remarks>The bytes gather in a buffer rented from the shared pool, so that a call allocates only the array it returns.</remarks>
    public static async Task<byte[]?> ToArrayAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new ArrayPoolBufferWriter<byte>(ReadSize);
        int read;
        while ((read = await stream.ReadAsync(buffer.GetMemory(ReadSize), cancellationToken)) > 0)
        {
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
                return null;
        }
        return buffer.WrittenSpan.ToArray();
    }
}
