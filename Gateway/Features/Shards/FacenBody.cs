using Contracts.Index;
using Gateway.Errors;
using Gateway.Http;

namespace Gateway.Features.Shards;

/// <summary>The facen body of a direct add or search (spec 8.7.2, 8.7.5): FindFace's raw facen when sent as
/// <c>application/octet-stream</c>, else its base64 text as the Extraction API writes it.</summary>
public static class FacenBody
{
    public const string Param = "facen";
    public const string RawType = "application/octet-stream";

    /// <summary>Far above any facen (a 512-d one is 2 KB raw), far below what would cost the server to read.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <exception cref="ApiException">REQUEST_TOO_LARGE, or BAD_PARAM for a body that is no facen.</exception>
    public static async Task<float[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxBytes, cancellationToken);
        if (body.Length == 0)
            throw BadFacen("The body must hold the facen: its float32 values as little-endian bytes in base64, or raw as " + RawType + ".");
        try
        {
            var facen = request.ContentType?.StartsWith(RawType, StringComparison.OrdinalIgnoreCase) == true
                ? FacenEncoding.FromBytes(body)
                : FacenEncoding.FromBase64(System.Text.Encoding.ASCII.GetString(body));
            FacenShape.CheckValues(facen);
            return facen;
        }
        catch (Exception e) when (e is FormatException or FacenShapeException)
        {
            throw BadFacen(e.Message);
        }
    }

    private static ApiException BadFacen(string reason) => new(ApiError.BadParam(Param, null, reason));
}
