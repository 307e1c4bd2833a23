using System.Text.Json;
using System.Text.Json.Serialization;

namespace MassEnroll.Jobs;

/// <summary>
/// A job file: the images of an upload job and where each stands, as JSON (what <c>print</c> shows). Written whole to a
/// temporary file, flushed to disk and renamed over the old one, so that Ctrl+C, a crash or a power cut leaves either the
/// previous state or the new one, never half a file.
/// </summary>
public sealed record JobFile(IReadOnlyList<JobImage> Images)
{
    public const string DefaultPath = "ffmassenroll.job";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <exception cref="UsageException">The file is missing or is not a job file.</exception>
    public static JobFile Load(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"There is no job file {path}: make one with 'prepare' first.");
        try
        {
            using var stream = File.OpenRead(path);
            var job = JsonSerializer.Deserialize<JobFile>(stream, Json);
            if (job?.Images is null || job.Images.Any(image => image?.Image is null || image.Key is null))
                throw new UsageException($"{path} is not a job file of findface-mass-enroll.");
            return job;
        }
        catch (JsonException error)
        {
            throw new UsageException($"{path} is not a job file of findface-mass-enroll: {error.Message}");
        }
        catch (IOException error)
        {
            throw new UsageException($"Cannot read the job file {path}: {error.Message}");
        }
        catch (UnauthorizedAccessException error)
        {
            throw new UsageException($"Cannot read the job file {path}: {error.Message}");
        }
    }

    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, full, overwrite: true);
    }
}
