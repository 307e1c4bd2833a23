using Gateway.Auth;
using Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Uploads;

/// <summary>Files of stored faces under the uploads folder, one subfolder per day as findface-upload lays them out.</summary>
public sealed class UploadStore(IOptions<StorageOptions> storage, IOptions<UploadOptions> options, ServerSecret secret, UploadSignature signature)
{
    // 128 bits of a file's name.
    private const int NameBytes = 16;

    public string Root => storage.Value.UploadsDir;

    /// <summary>Writes the file whole or not at all, named after <paramref name="key"/> and the format its bytes show.</summary>
    /// <param name="key">What the file is, such as <c>1234_thumb</c>. Its name is a MAC of it under the server secret: as
    /// unguessable as a random name, and the same when an enrollment writes it again, so that no copy is left behind.</param>
    /// <returns>Its path relative to the uploads folder, with '/' separators.</returns>
    /// <remarks>Written synchronously: a photo or face image goes to the page cache in microseconds, and creating the file,
    /// most of the cost, is synchronous either way; an asynchronous write would only add two thread-pool hops.</remarks>
    public string Save(ReadOnlySpan<byte> content, string key)
    {
        var name = Convert.ToHexStringLower(secret.Mac(SecretPurpose.UploadName, key).AsSpan(0, NameBytes));
        var path = $"{DateTime.UtcNow:yyyyMMdd}/{name}.{ExtensionOf(content)}";
        var file = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, file, overwrite: true);
        return path;
    }

    public void Delete(string path) => File.Delete(Path.Combine(Root, path));

    /// <summary>The URL clients fetch the file from: signed, unless the uploads are public.</summary>
    public string UrlOf(string path, HttpRequest request)
    {
        var baseUrl = string.IsNullOrEmpty(options.Value.PublicUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.Value.PublicUrl.TrimEnd('/');
        return $"{baseUrl}{UploadOptions.RequestPath}/{path}{(options.Value.Public ? "" : signature.QueryFor(path))}";
    }

    private static string ExtensionOf(ReadOnlySpan<byte> content) => content switch
    {
        [0xFF, 0xD8, ..] => "jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "png",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        _ => "bin",
    };
}
