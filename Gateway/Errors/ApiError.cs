using System.Text.Json.Serialization;

namespace Gateway.Errors;

/// <summary>A failed API call as spec 9.1.10 reports it: a status other than 200 and a body with code and reason.</summary>
/// <param name="Param">For BAD_PARAM: the parameter at fault, as the client spelt it (e.g. <c>requests[0].detector</c>).</param>
/// <param name="Value">For BAD_PARAM: the value the client sent for it.</param>
/// <param name="Faces">For a photo refused for holding several faces (mf_selector "reject"): the faces found.</param>
public sealed record ApiError(int Status, string Code, string Reason, string? Param = null, object? Value = null, object? Faces = null)
{
    public static ApiError BadParam(string param, object? value, string reason) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.BadParam, reason, param, value);

    public static ApiError MalformedJson(string reason) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.MalformedJson, reason);

    public static ApiError AuthFailed(string reason) =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.AuthFailed, reason);

    public static ApiError Forbidden(string reason) =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, reason);

    public static ApiError RequestTooLarge(string reason) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge, reason);

    public static ApiError BadRequest(string reason) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, reason);

    public static ApiError NotFound(string reason) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, reason);

    public static ApiError TooManyRequests(string reason) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests, reason);

    public static ApiError ServiceUnavailable(string reason) =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, reason);

    public Task WriteAsync(HttpContext context)
    {
        object body = Param is null ? new Body(Code, Reason) : new BadParamBody(Code, Reason, Param, Value, Faces);
        return TypedResults.Json(body, statusCode: Status).ExecuteAsync(context);
    }

    private sealed record Body(string Code, string Reason);

    // A BAD_PARAM body always has "value", null when the parameter was missing.
    private sealed record BadParamBody(
        string Code,
        string Reason,
        string Param,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Value,
        object? Faces);
}

/// <summary>Stops a request with <see cref="ApiError"/>; <see cref="ApiErrorMiddleware"/> writes it.</summary>
public sealed class ApiException(ApiError error) : Exception(error.Reason)
{
    public ApiError Error { get; } = error;
}
