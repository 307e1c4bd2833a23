using Contracts.Images;

namespace ClaimCheck;

/// <summary>An image store in a folder; every process that can read the folder (one host, or a shared volume) can follow the claim.</summary>
public sealed class FileImageStore : IImageStore
{
    private readonly string _folder;

    public FileImageStore(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
    }

    public async Task PutAsync(ImageRef image, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        // Readers never see half an image; a write cut short leaves a part file that the next write of the key replaces.
        var temporary = PathOf(image.Key) + ".part";
        await File.WriteAllBytesAsync(temporary, data, cancellationToken);
        File.Move(temporary, PathOf(image.Key), overwrite: true);
    }

    public Task<byte[]> GetAsync(ImageRef image, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(PathOf(image.Key), cancellationToken);

    public Task DeleteAsync(ImageRef image, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(image.Key));
        return Task.CompletedTask;
    }

    public Task<int> SweepAsync(TimeSpan age, CancellationToken cancellationToken = default)
    {
        var cutoff = DateTime.UtcNow - age;
        var swept = 0;
        // Part files of writes cut short too; another process may sweep the same file first, which File.Delete tolerates.
        foreach (var file in new DirectoryInfo(_folder).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc >= cutoff)
                continue;
            file.Delete();
            swept++;
        }
        return Task.FromResult(swept);
    }

    private string PathOf(string key)
    {
        // Keys come from messages: accept only what PutAsync makes, never a path.
        if (key.Length != 32 || !key.All(char.IsAsciiHexDigitLower))
            throw new FileNotFoundException("Not an image key.", key);
        return Path.Combine(_folder, key);
    }
}
