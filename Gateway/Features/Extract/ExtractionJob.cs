using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Images;
using Gateway.Errors;

namespace Gateway.Features.Extract;

/// <summary>One validated image request, its image either uploaded (<see cref="Photo"/>) or still to fetch (<see cref="PhotoUrl"/>).</summary>
public sealed record ExtractionJob(byte[]? Photo, Uri? PhotoUrl, Box? Roi, string Detector, FaceAttributes Wanted, bool AutoRotate)
{
    /// <exception cref="ApiException">BAD_PARAM: the request names a part that is missing or too large.</exception>
    public static ExtractionJob From(ImageRequest request, int index, ExtractRequest body, ExtractionOptions limits)
    {
        var image = request.Image!;
        byte[]? photo = null;
        Uri? url = null;
        if (image.StartsWith(ImageRequestValidator.MultipartPrefix, StringComparison.Ordinal))
        {
            var param = $"requests[{index}].image";
            var part = image[ImageRequestValidator.MultipartPrefix.Length..];
            if (!body.Parts.TryGetValue(part, out photo))
                throw new ApiException(ApiError.BadParam(param, image, $"The request body has no part named '{part}'."));
            if (photo.Length > limits.MaxImageSize)
                throw new ApiException(ApiError.BadParam(param, image,
                    $"The image in part '{part}' is {photo.Length} bytes; the limit is {limits.MaxImageSize}."));
        }
        else
        {
            url = new Uri(image, UriKind.Absolute);
        }

        var wanted = (request.NeedFacen ? FaceAttributes.Facen : 0)
                     | (request.NeedGender ? FaceAttributes.Gender : 0)
                     | (request.NeedAge ? FaceAttributes.Age : 0)
                     | (request.NeedEmotions ? FaceAttributes.Emotions : 0)
                     | (request.NeedNormalized ? FaceAttributes.Normalized : 0);
        var roi = request.Roi is { } r ? new Box(r.Left, r.Top, r.Right, r.Bottom) : null;
        return new ExtractionJob(photo, url, roi, request.Detector ?? Detectors.Nnd, wanted, request.AutoRotate);
    }
}
