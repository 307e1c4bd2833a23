namespace Calibration.Lfw;

/// <summary>The variants of the extraction path that MODELS.md's accuracy table measured, by the name <c>--variant</c> takes:
/// each is a setting of the real engine (nothing here re-implements a step), so every row of the table can be rerun.</summary>
public static class LfwVariants
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> ByName =
        new Dictionary<string, IReadOnlyDictionary<string, string?>>
        {
            [""] = Settings(),
            ["flip"] = Settings(("Models:FlipAverage", "true")),
            ["eyes6"] = Settings(("Alignment:Eyes", "Contour")),
            ["eye-corners"] = Settings(("Alignment:Eyes", "Corners")),
            ["refine"] = Settings(("Alignment:RefineBox", "true")),
            ["scale-0.9"] = Settings(("Alignment:Scale", "0.9")),
            ["scale-0.95"] = Settings(("Alignment:Scale", "0.95")),
            ["scale-1.05"] = Settings(("Alignment:Scale", "1.05")),
            ["mouth-outer"] = Settings(("Alignment:Mouth", "Outer")),
            ["sampling-linear-mipmap"] = Settings(("Alignment:Sampling", "LinearMipmap")),
            ["sampling-full"] = Settings(("Alignment:Sampling", "Full")),
            ["sampling-cubic"] = Settings(("Alignment:Sampling", "Cubic")),
            ["faceres"] = Settings(("Models:Facen", "human-faceres")),
            ["ensemble-faceres"] = Settings(("Models:Ensemble", "human-faceres")),
        };

    private static IReadOnlyDictionary<string, string?> Settings(params (string Key, string? Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => s.Value);
}
