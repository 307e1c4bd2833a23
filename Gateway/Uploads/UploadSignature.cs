using System.Globalization;
using System.Security.Cryptography;
using Gateway.Auth;
using Gateway.Errors;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Gateway.Uploads;

/// <summary>
/// Upload URLs signed by the server, so that a FindFace client can GET the <c>photo</c>, <c>thumbnail</c> and <c>normalized</c>
/// of a face it was given without a token: <c>?expires=&lt;unix seconds&gt;&amp;signature=&lt;base64url HMAC-SHA256 of the path
/// and the expiry under the server secret&gt;</c>.
/// </summary>
public sealed class UploadSignature(ServerSecret secret, IOptions<UploadOptions> options, TimeProvider time)
{
    public const string ExpiresParameter = "expires";
    public const string SignatureParameter = "signature";

    // Expiries are rounded up to a whole minute, so that the URLs of a file are the same for a minute and caches can keep it.
    private const long ExpiryStepSeconds = 60;

    /// <summary>The query string that lets anyone fetch <paramref name="path"/> (relative to the uploads folder) until it expires.</summary>
    public string QueryFor(string path)
    {
        var expires = (time.GetUtcNow() + options.Value.UrlLifetime).ToUnixTimeSeconds();
        expires = (expires + ExpiryStepSeconds - 1) / ExpiryStepSeconds * ExpiryStepSeconds;
        return $"?{ExpiresParameter}={expires.ToString(CultureInfo.InvariantCulture)}&{SignatureParameter}={Sign(path, expires)}";
    }

    /// <summary>Whether the request carries a signature at all (else it needs a token).</summary>
    public static bool IsSigned(HttpRequest request) =>
        request.Query.ContainsKey(ExpiresParameter) || request.Query.ContainsKey(SignatureParameter);

    /// <exception cref="ApiException">403 FORBIDDEN for a signature that does not match the path and expiry, or that expired.</exception>
    public void Check(string path, HttpRequest request)
    {
        var expiresText = request.Query[ExpiresParameter].ToString();
        var given = request.Query[SignatureParameter].ToString();
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !CryptographicOperations.FixedTimeEquals(Base64UrlDecodeOrEmpty(given), secret.Mac(SecretPurpose.UploadUrl, Signed(path, expires))))
            throw new ApiException(ApiError.Forbidden("The URL's signature does not match it: use the URL as the API returned it."));
        if (time.GetUtcNow().ToUnixTimeSeconds() >= expires)
            throw new ApiException(ApiError.Forbidden("The URL expired: read the face again for a new one."));
    }

    private string Sign(string path, long expires) => WebEncoders.Base64UrlEncode(secret.Mac(SecretPurpose.UploadUrl, Signed(path, expires)));

    private static string Signed(string path, long expires) => $"{path}\n{expires.ToString(CultureInfo.InvariantCulture)}";

    private static byte[] Base64UrlDecodeOrEmpty(string text)
    {
        try
        {
            return WebEncoders.Base64UrlDecode(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
