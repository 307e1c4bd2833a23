using MassTransit;

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

    private ApiError ToApiError(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case ApiException api:
                return api.Error;
            case RequestTimeoutException:
                logger.LogWarning(exception, "A pipeline stage did not answer {Method} {Path} in time", context.Request.Method, context.Request.Path);
                return ApiError.ServiceUnavailable("A pipeline stage did not answer in time; try again later.");
            // A send the transport could not make (the broker went away between the bus's health check and the send).
            case MassTransitException and not RequestException:
                logger.LogWarning(exception, "The bus could not carry {Method} {Path}", context.Request.Method, context.Request.Path);
                return ApiError.ServiceUnavailable("The pipeline's message bus is unavailable; try again later.");
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
