using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vision.Models;

/// <summary>models/manifest.json: where each model comes from and how to feed and read it, so that a model
/// can be swapped or added without touching the workers.</summary>
public sealed record ModelManifest(
    IReadOnlyDictionary<string, string> Use,
    IReadOnlyList<ModelSpec> Models)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static ModelManifest Load(string modelsDir)
    {
        var path = Path.Combine(modelsDir, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"No model manifest in {modelsDir}. Run scripts/fetch-models.sh (or set Models:Dir).", path);
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<ModelManifest>(stream, Json)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>The model chosen for <paramref name="task"/> ("detector", "facen", ...).</summary>
    public ModelSpec For(string task)
    {
        if (!Use.TryGetValue(task, out var name))
            throw new InvalidDataException($"The model manifest names no model for '{task}'.");
        return Named(name);
    }

    public ModelSpec Named(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new InvalidDataException($"The model manifest has no model named '{name}'.");
}

/// <summary>One model of the manifest.</summary>
/// <param name="Name">Stable name; stored with every facen the model makes.</param>
/// <param name="Task">What it does: detector, landmarks, facen, gender-age, emotions.</param>
/// <param name="Decoder">How its output is read (the code that knows the output layout).</param>
/// <param name="File">File name inside the model folder.</param>
/// <param name="Batch">"dynamic" when the batch dimension is symbolic, else "fixed" (batch 1).</param>
/// <param name="Crop">For attribute models: how the face box is widened before resizing.</param>
/// <param name="Labels">Class names of a classifier's outputs.</param>
/// <param name="Calibration">For facen models: the cosine at each false accept rate of FindFace's presets.</param>
/// <param name="Output">For a model with several outputs, the one its decoder reads (a facen among age and gender).</param>
public sealed record ModelSpec(
    string Name,
    string Task,
    string Decoder,
    string File,
    string Batch,
    ModelInput Input,
    FaceCrop? Crop = null,
    IReadOnlyList<string>? Labels = null,
    IReadOnlyList<CalibrationPoint>? Calibration = null,
    int Output = 0)
{
    public bool HasDynamicBatch => Batch == "dynamic";
}

/// <summary>The input tensor: size, layout, channel order and per-channel (x - mean) / std in 0..255 units.</summary>
public sealed record ModelInput(int Width, int Height, TensorLayout Layout, ChannelOrder Channels, float[] Mean, float[] Std)
{
    public int ChannelCount => Channels == ChannelOrder.Gray ? 1 : 3;
    public int Length => Width * Height * ChannelCount;
}

public enum TensorLayout { Nchw, Nhwc }

public enum ChannelOrder { Rgb, Bgr, Gray }

/// <summary>A crop around the face box: widened by <paramref name="Scale"/>, squared on the longer side when <paramref name="Square"/>.</summary>
public sealed record FaceCrop(bool Square, float Scale);
