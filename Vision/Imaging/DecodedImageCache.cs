using Contracts.Images;

namespace Vision.Imaging;

/// <summary>Decoded images by claim, shared by the stages of one process: in standalone mode the embed stage
/// reuses the detect stage's decode instead of decoding the same photo again. A lease keeps its image alive
/// until released, even if the cache has already let it go. The stage reads the claim's bytes; the cache only decodes.</summary>
public sealed class DecodedImageCache(ImageDecoder decoder)
{
    /// <summary>The pixels kept, newest photo first (the newest is kept whatever its size). Bounded by bytes, not photos: every
    /// photo between its detection and its description must stay, and with --parallel 8 enrollments of small photos more than
    /// four were in flight, so a count of four made the embed stage decode most of them again; by bytes, 64 MB holds the
    /// photos of 64 such calls of a megapixel (4 MB decoded) and still only one or two of a 12-megapixel camera's.</summary>
    public const long CapacityBytes = 64L << 20;

    private long _bytes;

    private sealed class Entry(DecodedImage image)
    {
        public DecodedImage Image { get; } = image;
        public int Leases;
        public bool Evicted;
    }

    private readonly Lock _lock = new();
    private readonly LinkedList<(string Key, Entry Entry)> _entries = new();

    /// <param name="read">Reads the claimed image's bytes when it is not decoded already (the claim store's GetAsync).</param>
    /// <exception cref="ImageRejectedException">The image cannot be decoded or breaks the limits.</exception>
    public async Task<ImageLease> OpenAsync(ImageRef image, Func<ImageRef, CancellationToken, Task<byte[]>> read,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var cached = _entries.FirstOrDefault(e => e.Key == image.Key).Entry;
            if (cached is not null)
                return Lease(cached);
        }

        var decoded = decoder.Decode(await read(image, cancellationToken));
        lock (_lock)
        {
            var entry = new Entry(decoded);
            _entries.AddFirst((image.Key, entry));
            _bytes += entry.Image.Bytes;
            while (_bytes > CapacityBytes && _entries.Count > 1)
            {
                var last = _entries.Last!.Value.Entry;
                _entries.RemoveLast();
                _bytes -= last.Image.Bytes;
                last.Evicted = true;
                if (last.Leases == 0)
                    last.Image.Dispose();
            }
            return Lease(entry);
        }
    }

    private ImageLease Lease(Entry entry)
    {
        entry.Leases++;
        return new ImageLease(entry.Image, () =>
        {
            lock (_lock)
            {
                if (--entry.Leases == 0 && entry.Evicted)
                    entry.Image.Dispose();
            }
        });
    }
}

/// <summary>Use of a cached <see cref="DecodedImage"/>; dispose to release it.</summary>
public sealed class ImageLease(DecodedImage image, Action release) : IDisposable
{
    private int _released;

    public DecodedImage Image { get; } = image;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            release();
    }
}
