using System.Text.Json;

namespace MassEnroll.Tests.Support;

/// <summary>A temporary working folder for the tool, where its job files are written and read back.</summary>
public sealed class JobFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("facepipe-mass-enroll-").FullName;

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>A file in the folder with this text, in subfolders made as needed.</summary>
    public string Write(string name, string text)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(this[name])!);
        File.WriteAllText(this[name], text);
        return this[name];
    }

    /// <summary>The images of a job file as the tool wrote it.</summary>
    public IReadOnlyList<JsonElement> Images(string job = "ffmassenroll.job")
    {
        using var document = JsonDocument.Parse(File.ReadAllText(this[job]));
        return document.RootElement.GetProperty("images").EnumerateArray().Select(image => image.Clone()).ToList();
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
