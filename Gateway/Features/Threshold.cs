using System.Text.Json;
using Gateway.Errors;
using Gateway.Http;
using Vision.Models;

namespace Gateway.Features;

/// <summary>The <c>threshold</c> parameter (spec 9.1.7): a preset name or a confidence from 0 to 1, 0.75 when absent.</summary>
public static class Threshold
{
    public const string Param = "threshold";

    /// <returns>The confidence below which faces do not match.</returns>
    public static float Read(ApiParameters parameters)
    {
        if (!parameters.Has(Param) || parameters.Raw(Param) is { ValueKind: JsonValueKind.Null })
            return ConfidenceThresholds.Default;
        if (parameters.Raw(Param) is { ValueKind: JsonValueKind.String } text)
        {
            switch (text.GetString()!.ToLowerInvariant())
            {
                case "strict": return ConfidenceThresholds.Strict;
                case "medium": return ConfidenceThresholds.Medium;
                case "low": return ConfidenceThresholds.Low;
                case "none": return ConfidenceThresholds.None;
            }
        }
        var value = parameters.Raw(Param);
        var number = TryNumber(parameters);
        return number is >= 0 and <= 1
            ? (float)number.Value
            : throw new ApiException(ApiError.BadParam(Param, value, "threshold must be strict, medium, low, none or a number from 0 to 1."));
    }

    private static double? TryNumber(ApiParameters parameters)
    {
        try
        {
            return parameters.Number(Param);
        }
        catch (ApiException)
        {
            return null;
        }
    }
}
