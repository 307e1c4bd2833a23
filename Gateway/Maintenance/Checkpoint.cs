using System.Globalization;
using Gateway.Storage;

namespace Gateway.Maintenance;

/// <summary>The last face id a maintenance run finished, in <c>maintenance/NAME.checkpoint</c> under the data folder, so that an
/// interrupted run continues after it; a run that completes removes it. Runs go through faces in ascending id order.</summary>
public sealed class Checkpoint(string path)
{
    public static Checkpoint For(StorageOptions storage, string name) =>
        new(System.IO.Path.Combine(storage.DataDir, "maintenance", $"{name}.checkpoint"));

    public string Path => path;

    public long? Read() => File.Exists(path) ? long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture) : null;

    /// <summary>Replaces the file whole, so that a run killed while saving leaves the previous checkpoint.</summary>
    public void Save(long lastFaceId)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, lastFaceId.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
    }

    public void Clear() => File.Delete(path);
}
