using System.Security.Cryptography;
using System.Text;
using Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Auth;

/// <summary>
/// The server's own key, 256 random bits in <c>secret.key</c> of the data folder (mode 0600), made at first start and shared by
/// the gateways of one data folder. It signs upload URLs, names upload files and hashes tokens, each under its own purpose, so
/// that <c>metadata.db</c> or an upload URL without this file reveals nothing to guess from.
/// </summary>
public sealed class ServerSecret
{
    public const string FileName = "secret.key";
    private const int KeyBytes = 32;
    private readonly byte[] _key;

    public ServerSecret(IOptions<StorageOptions> storage)
    {
        var path = Path.Combine(storage.Value.DataDir, FileName);
        Directory.CreateDirectory(storage.Value.DataDir);
        _key = File.Exists(path) ? Read(path) : Create(path);
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> for one purpose: the same data signed for two purposes gives unrelated MACs.</summary>
    public byte[] Mac(SecretPurpose purpose, string data) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}\0{data}"));

    private static byte[] Create(string path)
    {
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, create))
        {
            file.Write(key);
            file.Flush(flushToDisk: true);
        }
        try
        {
            // Moved in whole and never over a key: of two gateways starting at once on a new data folder, the second reads the first's.
            File.Move(temporary, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return Read(path);
        }
    }

    private static byte[] Read(string path)
    {
        var key = File.ReadAllBytes(path);
        return key.Length == KeyBytes
            ? key
            : throw new InvalidOperationException($"{path} holds {key.Length} bytes, not a key of {KeyBytes}: restore it from a backup " +
                "(without it, upload URLs and short tokens stop working).");
    }
}

/// <summary>What a <see cref="ServerSecret"/> MAC is for.</summary>
public enum SecretPurpose
{
    UploadUrl,
    UploadName,
    Token,
}
