namespace Vision.Models;

/// <summary>The "Models" configuration section.</summary>
public sealed record ModelOptions
{
    public const string Section = "Models";

    /// <summary>The model cache laid out by scripts/fetch-models.sh (outside git).</summary>
    public string Dir { get; init; } = DefaultDir;

    /// <summary>ONNX Runtime threads per session; 0 means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>The largest batch one inference call takes.</summary>
    public int MaxBatch { get; init; } = 16;

    /// <summary>The facen model by name, instead of the manifest's choice (FindFace's model_facen). Every facen is stored with
    /// its model's name; after a change, the gateway's regenerate command re-extracts the stored faces with the new model.</summary>
    public string Facen { get; init; } = "";

    /// <summary>Average the facen of the face and its mirror image (see MODELS.md for the accuracy it buys).</summary>
    public bool FlipAverage { get; init; }

    /// <summary>A second facen model by name, whose facen is appended to the first's (an ensemble; see MODELS.md for what it
    /// buys and costs). Empty: one model.</summary>
    public string Ensemble { get; init; } = "";

    public static string DefaultDir =>
        Path.Combine(Environment.GetEnvironmentVariable("FACEPIPE_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "facepipe"), "models");
}
