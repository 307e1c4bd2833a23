namespace Gateway.Errors;

/// <summary>
/// The spec's error body (9.1.10) for answers that the API's code did not write: an unknown route (404), a method the route does
/// not take (405), a body type an endpoint does not read (415), a body over the server's limit (413). Clients written for
/// FindFace parse every error as JSON.
/// </summary>
public static class StatusErrorBodies
{
    public static IApplicationBuilder UseStatusErrorBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => ErrorFor(context.HttpContext) is { } error ? error.WriteAsync(context.HttpContext) : Task.CompletedTask);

    private static ApiError? ErrorFor(HttpContext context)
    {
        var request = context.Request;
        var what = $"{request.Method} {request.Path}";
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiError.NotFound($"There is no {what}: see /v1/docs for the API's methods."),
            StatusCodes.Status405MethodNotAllowed => new ApiError(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                $"{request.Path} does not take {request.Method}" + (context.Response.Headers.Allow is { Count: > 0 } allow ? $"; it takes {allow}." : ".")),
            StatusCodes.Status415UnsupportedMediaType => new ApiError(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"{what} does not read a body of type {request.ContentType}: send JSON, a form or multipart."),
            StatusCodes.Status413PayloadTooLarge => ApiError.RequestTooLarge("The request body is larger than the server accepts."),
            StatusCodes.Status401Unauthorized => ApiError.AuthFailed("A valid token is needed: Authorization: Token <token>."),
            StatusCodes.Status503ServiceUnavailable => ApiError.ServiceUnavailable("The server cannot answer now; try again later."),
            >= 500 and var status => new ApiError(status, ErrorCodes.InternalError, "The server failed to handle the request; its log has the details."),
            var status => new ApiError(status, ErrorCodes.BadRequest, $"{what} was refused ({status})."),
        };
    }
}
