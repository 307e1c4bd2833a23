using Gateway.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Http;

/// <summary>A request body under a size limit: the FindFace API's (<see cref="FacenapiOptions.MaxRequestBodySize"/>) and the
/// extraction API's, whichever reads it.</summary>
public static class RequestBody
{
    /// <summary>Refuses a body that declares more than <paramref name="limit"/> bytes, and has Kestrel enforce the limit on one
    /// that declares no length.</summary>
    /// <exception cref="ApiException">REQUEST_TOO_LARGE.</exception>
    public static void Limit(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
            throw TooLarge(limit);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limit;
    }

    /// <summary>The whole body.</summary>
    /// <exception cref="ApiException">REQUEST_TOO_LARGE past <paramref name="limit"/>.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        await LimitedRead.ToArrayAsync(request.Body, limit, cancellationToken) ?? throw TooLarge(limit);

    public static ApiException TooLarge(long limit) =>
        new(ApiError.RequestTooLarge($"The request body is larger than {limit} bytes."));
}
