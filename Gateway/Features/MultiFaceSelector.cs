using Contracts.Faces;
using Gateway.Errors;
using Gateway.Http;

namespace Gateway.Features;

/// <summary>The <c>mf_selector</c> parameter: reject, biggest (the default) or all.</summary>
public static class MultiFaceSelector
{
    public const string Param = "mf_selector";

    public static readonly RequestField Field = new(Param, FieldType.String, "Which faces of a photo to use: `biggest` (the default), " +
        "`all`, or `reject` a photo with several (400 BAD_PARAM on mf_selector, with the boxes found in `faces`).", Default: "biggest");

    /// <exception cref="ApiException">BAD_PARAM for any other value.</exception>
    public static FaceSelector Read(ApiParameters parameters) => parameters.String(Param) switch
    {
        null or "biggest" => FaceSelector.Biggest,
        "all" => FaceSelector.All,
        "reject" => FaceSelector.Reject,
        var other => throw new ApiException(ApiError.BadParam(Param, other, "mf_selector must be reject, biggest or all.")),
    };
}
