using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Gateway.Errors;
using Gateway.Features;
using Gateway.Http;
using Gateway.Photos;
using MassTransit;
using Microsoft.Extensions.Options;
using Vision.ClaimCheck;

namespace Gateway.Sagas;

/// <summary>
/// Starts a photo saga for an API call and waits for its answer: fetches or takes the photo, puts it in the
/// claim store (unless it is there already), and turns the saga's refusals into the API's errors. Claims are removed once the call is answered.
/// The job is sent to this gateway's own saga endpoint, never published, so that its saga runs where the request waits.
/// </summary>
public sealed class PhotoJobs(
    IImageStore images,
    IScopedClientFactory clients,
    PhotoSagaEndpoint saga,
    PhotoFetcher fetcher,
    IOptions<PipelineOptions> options,
    CallTimings timings,
    ILogger<PhotoJobs> logger)
{
    /// <param name="param">The photo's parameter name, for errors.</param>
    /// <param name="photo">Bytes and URLs are claimed here and the claim removed with the answer; a photo already claimed
    /// (<see cref="PhotoSource.Claim"/>) is used as it is and left to its caller.</param>
    /// <exception cref="ApiException">BAD_PARAM for a photo that cannot be used or holds too many faces; SERVICE_UNAVAILABLE when a stage fails.</exception>
    public async Task<ProcessPhotoResult> RunAsync(
        string param, PhotoSource photo, IReadOnlyList<Box>? boxes, FaceSelector selector, FaceAttributes wanted,
        FaceSearch? search, FaceEnrollment? enrollment, CancellationToken cancellationToken)
    {
        var claims = new List<ImageRef>();
        try
        {
            var image = photo.Claim ?? await ClaimAsync(param, photo, claims, cancellationToken);
            var job = new ProcessPhoto(NewId.NextGuid(), image, boxes, selector, wanted, search, enrollment);
            var client = clients.CreateRequestClient<ProcessPhoto>(saga.Address,
                RequestTimeout.After(ms: (int)options.Value.CallTimeout.TotalMilliseconds));
            var response = await client.GetResponse<ProcessPhotoResult, ProcessPhotoRejected>(job, cancellationToken);
            if (response.Message is ProcessPhotoResult result)
            {
                timings.Add(result.StageMs);
                claims.AddRange(result.Faces.SelectMany(face => new[] { face.Description?.Normalized, face.Description?.Thumbnail }).OfType<ImageRef>());
                return result;
            }
            throw new ApiException(ToError(param, photo, (ProcessPhotoRejected)response.Message));
        }
        finally
        {
            await images.DeleteAllAsync(claims, logger);
        }
    }

    private async Task<ImageRef> ClaimAsync(string param, PhotoSource photo, List<ImageRef> claims, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = photo.Bytes ?? await fetcher.FetchAsync(photo.Url!, cancellationToken);
        }
        catch (PhotoFetchException exception)
        {
            throw new ApiException(ApiError.BadParam(param, photo.Url?.ToString(), $"{exception.Code}: {exception.Message}"));
        }
        var image = await images.PutNewAsync(bytes, cancellationToken);
        claims.Add(image);
        return image;
    }

    private static ApiError ToError(string param, PhotoSource photo, ProcessPhotoRejected rejected) => rejected.Code switch
    {
        ProcessPhotoRejected.TooManyFaces => ApiError.BadParam("mf_selector", "reject", rejected.Reason) with
        {
            Faces = rejected.Faces?.Select(BoxView.From).ToList(),
        },
        ProcessPhotoRejected.StageFailed => ApiError.ServiceUnavailable(rejected.Reason),
        _ => ApiError.BadParam(param, photo.Url?.ToString(), $"{rejected.Code}: {rejected.Reason}"),
    };
}
