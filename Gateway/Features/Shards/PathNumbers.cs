using System.Globalization;
using Gateway.Errors;

namespace Gateway.Features.Shards;

/// <summary>The numbers in the paths of spec 8.6 and 8.7 (<c>:start</c>, <c>:limit</c>, <c>:id</c>, <c>:threshold</c>...).</summary>
public static class PathNumbers
{
    /// <exception cref="ApiException">BAD_PARAM naming the path part for anything but an integer within the range.</exception>
    public static long Integer(string param, string value, long min, long max) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ApiException(ApiError.BadParam(param, value, $"{param} must be an integer from {min} to {max}."));

    /// <exception cref="ApiException">BAD_PARAM naming the path part for anything but a number within the range.</exception>
    public static double Number(string param, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ApiException(ApiError.BadParam(param, value, $"{param} must be a number from {min} to {max}."));
}
