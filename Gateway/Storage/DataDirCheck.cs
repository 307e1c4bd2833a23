using Microsoft.Extensions.Options;

namespace Gateway.Storage;

/// <summary>Refuses a data folder the gateway cannot create or write at start, with its path, rather than failing at the first
/// file it needs (the server secret, metadata.db) with a bare "could not find file".</summary>
public sealed class DataDirCheck : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var probe = Path.Combine(options.DataDir, $".write-check-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(options.DataDir);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"{StorageOptions.Section}:{nameof(StorageOptions.DataDir)} {options.DataDir} cannot be written " +
                $"({e.Message.TrimEnd('.')}): give a folder this process may create and write.");
        }
    }
}
