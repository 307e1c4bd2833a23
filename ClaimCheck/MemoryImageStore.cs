using System.Collections.Concurrent;
using Contracts.Images;

namespace ClaimCheck;

/// <summary>
/// An image store in this process's memory, for standalone mode where every stage runs in the one process: a claim costs
/// no file write, read and delete. Each call removes its claims when answered, so the store holds only images in flight.
/// </summary>
public sealed class MemoryImageStore : IImageStore
{
    private readonly ConcurrentDictionary<string, (byte[] Data, DateTime Stored)> _images = new(StringComparer.Ordinal);

    public Task PutAsync(ImageRef image, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        _images[image.Key] = (data.ToArray(), DateTime.UtcNow);
        return Task.CompletedTask;
    }

    public Task<byte[]> GetAsync(ImageRef image, CancellationToken cancellationToken = default) =>
        _images.TryGetValue(image.Key, out var entry)
            ? Task.FromResult(entry.Data)
            : Task.FromException<byte[]>(new FileNotFoundException("The image is not in the store.", image.Key));

    public Task DeleteAsync(ImageRef image, CancellationToken cancellationToken = default)
    {
        _images.TryRemove(image.Key, out _);
        return Task.CompletedTask;
    }

    public Task<int> SweepAsync(TimeSpan age, CancellationToken cancellationToken = default)
    {
        var cutoff = DateTime.UtcNow - age;
        var swept = _images.Where(image => image.Value.Stored < cutoff).Count(image => _images.TryRemove(image.Key, out _));
        return Task.FromResult(swept);
    }
}
