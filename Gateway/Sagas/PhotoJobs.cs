using ClaimCheck;
using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Gateway.Errors;
using Gateway.Features;
using Gateway.Http;
using Gateway.Photos;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Gateway.Sagas;

/// <summary>
/// Starts a photo saga for an API call and waits for its answer, and owns the call's claims, the one place that does: fetches
/// or takes the photo, puts it in the claim store (unless it is there already), and removes it and the images the saga made
/// (normalized faces, thumbnails) once the caller has used the answer. The job is sent to this gateway's own saga endpoint,
/// never published, so that its saga runs where the request waits. A call fails fast when the bus is down
/// (<see cref="BusAvailability"/>) and never waits beyond <see cref="PipelineOptions.CallTimeout"/>.
/// </summary>
public sealed class PhotoJobs(
    IImageStore images,
    IScopedClientFactory clients,
    PhotoSagaEndpoint saga,
    PhotoFetcher fetcher,
    BusAvailability bus,
    IOptions<PipelineOptions> options,
    CallTimings timings,
    ILogger<PhotoJobs> logger)
{
    /// <summary>Runs a FindFace API call's photo: its answer, or the API's error.</summary>
    /// <param name="param">The photo's parameter name, for errors.</param>
    /// <param name="photo">Bytes and URLs are claimed here and the claim removed with the answer; a photo already claimed
    /// (<see cref="PhotoSource.Claim"/>) is used as it is and left to its caller.</param>
    /// <exception cref="ApiException">BAD_PARAM for a photo that cannot be used or holds too many faces; SERVICE_UNAVAILABLE when a
    /// stage fails or does not answer, or the bus is down.</exception>
    public Task<ProcessPhotoResult> RunAsync(
        string param, PhotoSource photo, IReadOnlyList<Box>? boxes, FaceSelector selector, FaceAttributes wanted,
        FaceSearch? search, FaceEnrollment? enrollment, CancellationToken cancellationToken) =>
        RunAsync(photo, image => new ProcessPhoto(NewId.NextGuid(), image, boxes, selector, wanted, search, enrollment),
            Task.FromResult, rejected => throw new ApiException(ToError(param, photo, rejected)), cancellationToken);

    /// <summary>Runs one photo through its saga.</summary>
    /// <param name="job">The saga's job for the claimed photo.</param>
    /// <param name="answered">Uses the answer while its images are still claimed.</param>
    /// <param name="refused">The answer when the photo could not be fetched (its fetch error's code) or the saga refused it.</param>
    /// <exception cref="ApiException">SERVICE_UNAVAILABLE when the bus is down or the saga did not answer within the call's timeout.</exception>
    public async Task<T> RunAsync<T>(PhotoSource photo, Func<ImageRef, ProcessPhoto> job, Func<ProcessPhotoResult, Task<T>> answered,
        Func<ProcessPhotoRejected, T> refused, CancellationToken cancellationToken)
    {
        var claims = new List<ImageRef>();
        try
        {
            var image = photo.Claim;
            CancellationToken busLost;
            if (image is null)
            {
                byte[] bytes;
                try
                {
                    bytes = photo.Bytes ?? await fetcher.FetchAsync(photo.Url!, cancellationToken);
                }
                catch (PhotoFetchException exception)
                {
                    return refused(new ProcessPhotoRejected(exception.Code, exception.Message, null));
                }
                busLost = await bus.EnsureHealthyAsync(cancellationToken);
                image = await images.PutNewAsync(bytes, cancellationToken);
                claims.Add(image);
            }
            else
            {
                busLost = await bus.EnsureHealthyAsync(cancellationToken);
            }

            var response = await RequestAsync(job(image), busLost, cancellationToken);
            if (response.Message is ProcessPhotoResult result)
            {
                timings.Add(result.StageMs);
                claims.AddRange(result.Faces.SelectMany(face => new[] { face.Description?.Normalized, face.Description?.Thumbnail }).OfType<ImageRef>());
                return await answered(result);
            }
            return refused((ProcessPhotoRejected)response.Message);
        }
        finally
        {
            await images.DeleteAllAsync(claims, logger);
        }
    }

    // The saga times its stages itself; this deadline covers what it cannot: a send into a broker that went away, a saga lost
    // with its queue. A bus that turns unhealthy meanwhile ends the wait at once.
    private async Task<Response<ProcessPhotoResult, ProcessPhotoRejected>> RequestAsync(ProcessPhoto job, CancellationToken busLost,
        CancellationToken cancellationToken)
    {
        var timeout = options.Value.CallTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, busLost);
        deadline.CancelAfter(timeout);
        var client = clients.CreateRequestClient<ProcessPhoto>(saga.Address, RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
        try
        {
            return await client.GetResponse<ProcessPhotoResult, ProcessPhotoRejected>(job, deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw busLost.IsCancellationRequested ? BusAvailability.Lost() : new RequestTimeoutException(job.JobId.ToString());
        }
    }

    private static ApiError ToError(string param, PhotoSource photo, ProcessPhotoRejected rejected) => rejected.Code switch
    {
        ProcessPhotoRejected.TooManyFaces => ApiError.BadParam("mf_selector", "reject", rejected.Reason) with
        {
            Faces = rejected.Faces?.Select(BoxView.From).ToList(),
        },
        ProcessPhotoRejected.OverFaceLimit => ApiError.BadParam(param, photo.Url?.ToString(),
            $"{rejected.Code}: {rejected.Reason} Ask for the biggest (mf_selector=biggest) or name the faces with bbox."),
        ProcessPhotoRejected.StageFailed or ProcessPhotoRejected.StageTimedOut => ApiError.ServiceUnavailable(rejected.Reason),
        _ => ApiError.BadParam(param, photo.Url?.ToString(), $"{rejected.Code}: {rejected.Reason}"),
    };
}
