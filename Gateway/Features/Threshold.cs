using System.Text.Json;
using Gateway.Errors;
using Gateway.Http;
using Vision.Models;

namespace Gateway.Features;

/// <summary>The <c>threshold</c> parameter (spec 9.1.7): a preset name or a confidence from 0 to 1, 0.75 when absent.</summary>
public static class Threshold
{
    public const string Param = "threshold";

    public static readonly RequestField Field = new(Param, FieldType.Threshold,
        $"strict ({ConfidenceThresholds.Strict}), medium ({ConfidenceThresholds.Medium}), low ({ConfidenceThresholds.Low}), " +
        $"none ({ConfidenceThresholds.None}) or a confidence from 0 to 1; {ConfidenceThresholds.Default} when absent.");

    /// <returns>The confidence below which faces do not match; null for "none" (similarity only, no verdict).</returns>
    public static float? Read(ApiParameters parameters) => parameters.Raw(Param) switch
    {
        null or { ValueKind: JsonValueKind.Null } => ConfidenceThresholds.Default,
        { ValueKind: JsonValueKind.String } text when Presets.TryGetValue(text.GetString()!, out var preset) => preset,
        { ValueKind: JsonValueKind.Number or JsonValueKind.String } value when parameters.Number(Param) is >= 0 and <= 1 and var number =>
            (float)number,
        var value => throw new ApiException(ApiError.BadParam(Param, value,
            "threshold must be strict, medium, low, none or a number from 0 to 1.")),
    };

    private static readonly Dictionary<string, float?> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["strict"] = ConfidenceThresholds.Strict,
        ["medium"] = ConfidenceThresholds.Medium,
        ["low"] = ConfidenceThresholds.Low,
        ["none"] = null,
    };
}
