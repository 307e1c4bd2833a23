using Contracts.Faces;
using Gateway.Errors;
using Gateway.Http;

namespace Gateway.Features;

/// <summary>The <c>mf_selector</c> parameter: reject, biggest (the default) or all.</summary>
public static class MultiFaceSelector
{
    public const string Param = "mf_selector";

    /// <exception cref="ApiException">BAD_PARAM for any other value.</exception>
    public static FaceSelector Read(ApiParameters parameters) => parameters.String(Param) switch
    {
        null or "biggest" => FaceSelector.Biggest,
        "all" => FaceSelector.All,
        "reject" => FaceSelector.Reject,
        var other => throw new ApiException(ApiError.BadParam(Param, other, "mf_selector must be reject, biggest or all.")),
    };
}
