using MassTransit;
using Microsoft.AspNetCore.Diagnostics;

namespace Gateway.Errors;

/// <summary>Turns every failure into the spec's error body (9.1.10), so that no stack trace or problem details reach a client.</summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            await ToApiError(context, exception).WriteAsync(context);
        }
    }

    /// <summary>An error status that nothing wrote a body for (no such route or upload, another method) gets the spec's
    /// body too, so that a client reads every failure the same way.</summary>
    public static Task WriteBodylessAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var error = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.NotFound($"There is nothing at {http.Request.Path}."),
            StatusCodes.Status405MethodNotAllowed => new ApiError(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                $"{http.Request.Path} does not take {http.Request.Method}."),
            var status => new ApiError(status, ErrorCodes.BadRequest, "The request cannot be served."),
        };
        return error.WriteAsync(http);
    }

    private ApiError ToApiError(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case ApiException api:
                return api.Error;
            case RequestTimeoutException:
                logger.LogWarning(exception, "A pipeline stage did not answer {Method} {Path} in time", context.Request.Method, context.Request.Path);
                return ApiError.ServiceUnavailable("A pipeline stage did not answer in time; try again later.");
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return ApiError.RequestTooLarge("The request body is larger than the server accepts.");
            case BadHttpRequestException bad:
                return ApiError.BadRequest(bad.Message);
            default:
                logger.LogError(exception, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                return new ApiError(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                    "The server failed to handle the request; its log has the details.");
        }
    }
}
