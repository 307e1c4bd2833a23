namespace Vision.Imaging;

/// <summary>An image that cannot be used; <see cref="Code"/> is the API's machine-readable error code.</summary>
public sealed class ImageRejectedException(string code, string reason) : Exception(reason)
{
    public const string DecodingFailed = "IMAGE_DECODING_FAILED";
    public const string TooLarge = "IMAGE_TOO_LARGE";

    public string Code { get; } = code;
}
