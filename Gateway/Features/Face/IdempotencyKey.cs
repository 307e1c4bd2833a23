using System.Security.Cryptography;
using System.Text;
using Gateway.Errors;

namespace Gateway.Features.Face;

/// <summary>
/// The <c>Idempotency-Key</c> header of <c>POST /face</c> (beyond the spec): a client's key for one enrollment, so that a retry
/// after a lost answer returns the faces the first attempt stored instead of enrolling the photo again (findface-mass-enroll
/// sends one per image). It is stored as the faces' capture key, the video detector's key for the same guarantee.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>The longest key taken; a UUID or a hash fits many times over.</summary>
    public const int MaxLength = 255;

    /// <returns>The capture key the header's value stands for, or null without the header.</returns>
    /// <exception cref="ApiException">BAD_PARAM when it is empty, too long or not printable ASCII.</exception>
    public static Guid? Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
            return null;
        var value = values.ToString();
        if (value.Length is 0 or > MaxLength || !value.All(c => c is >= ' ' and <= '~'))
            throw new ApiException(ApiError.BadParam(Header, value, $"An idempotency key is 1 to {MaxLength} printable ASCII characters."));
        // Hashed, in a namespace of its own, so that no client key can name a capture of the video detector's.
        return new Guid(SHA256.HashData(Encoding.ASCII.GetBytes("Idempotency-Key:" + value)).AsSpan(0, 16));
    }
}
