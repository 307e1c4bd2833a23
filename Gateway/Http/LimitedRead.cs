namespace Gateway.Http;

/// <summary>Reads a stream into memory up to a limit, counting what arrives rather than trusting a declared length.</summary>
public static class LimitedRead
{
    /// <returns>The bytes, or null when the stream holds more than <paramref name="limit"/> bytes.</returns>
    public static async Task<byte[]?> ToArrayAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
