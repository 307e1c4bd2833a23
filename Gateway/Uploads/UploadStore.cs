using Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Uploads;

/// <summary>Files of stored faces under the uploads folder, one subfolder per day as findface-upload lays them out.</summary>
public sealed class UploadStore(IOptions<StorageOptions> storage, IOptions<UploadOptions> options)
{
    public string Root => storage.Value.UploadsDir;

    /// <summary>Writes the file whole or not at all, named after <paramref name="name"/> and the format its bytes show.</summary>
    /// <returns>Its path relative to the uploads folder, with '/' separators.</returns>
    public async Task<string> SaveAsync(ReadOnlyMemory<byte> content, string name, CancellationToken cancellationToken)
    {
        var path = $"{DateTime.UtcNow:yyyyMMdd}/{name}.{ExtensionOf(content.Span)}";
        var file = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, file, overwrite: true);
        return path;
    }

    public void Delete(string path) => File.Delete(Path.Combine(Root, path));

    /// <summary>The URL clients fetch the file from.</summary>
    public string UrlOf(string path, HttpRequest request)
    {
        var baseUrl = string.IsNullOrEmpty(options.Value.PublicUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.Value.PublicUrl.TrimEnd('/');
        return $"{baseUrl}{UploadOptions.RequestPath}/{path}";
    }

    private static string ExtensionOf(ReadOnlySpan<byte> content) => content switch
    {
        [0xFF, 0xD8, ..] => "jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "png",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        _ => "bin",
    };
}
