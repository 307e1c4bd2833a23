using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Index;
using Gateway.Errors;
using Gateway.Features.Persons;
using Gateway.Http;
using Gateway.Index;
using Gateway.Sagas;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using Vision.Models;

namespace Gateway.Features.Face;

/// <summary>
/// Enrolls the faces of a photo (spec 9.2.4): the one path of <c>POST /face</c> and of the faces the video detector captures
/// over the bus (<see cref="CaptureFaceConsumer"/>). Identifies each face as a person when that is on (spec 8.2),
/// runs the photo saga and reads back the stored faces. A capture, or a request with an idempotency key, is enrolled once: given again, it answers the faces it made.
/// </summary>
public sealed class EnrollHandler(PhotoJobs jobs, IFaceStore store, FaceIndexClient index,
    FacenCalibration calibration, IOptions<FacenapiOptions> options)
{
    /// <returns>The stored faces, in the saga's order.</returns>
    /// <param name="request">A request already validated: by the validation filter, or by the capture's consumer.</param>
    /// <exception cref="ApiException">No face was found, or a stage failed.</exception>
    public async Task<IReadOnlyList<StoredFace>> EnrollAsync(EnrollRequest request, CancellationToken cancellationToken)
    {
        // RabbitMQ hands a capture again when the gateway that enrolled it died before acknowledging it; a client retries an
        // enrollment whose answer it lost with the same idempotency key.
        if (request.CaptureKey is { } key && await store.FindEnrolledAsync(key, cancellationToken) is { Count: > 0 } enrolled)
            return enrolled;

        var settings = options.Value;
        var wanted = FaceAttributes.Facen | FaceAttributes.Normalized | FaceAttributes.Thumbnail
                     | (request.Attributes?.Wanted(settings.Gae) ?? (settings.Gae ? AttributeFlags.All : 0));
        var galleries = GalleryNames.Named(request.Galleries ?? []).ToList();
        var result = await jobs.RunAsync("photo", request.Photo!, request.Boxes, request.Boxes is null ? request.Selector : FaceSelector.Biggest,
            wanted, null, new FaceEnrollment(request.Meta, galleries, request.CameraId, request.Timestamp,
                PersonIdentification.SearchFor(settings, calibration, request.CameraId), request.CaptureKey), cancellationToken);
        if (result.Faces.Count == 0)
            throw new ApiException(ApiError.BadParam("photo", request.Photo!.Url?.OriginalString, "No face was found on the photo."));

        var ids = result.Faces.Select(face => face.FaceId!.Value).ToList();
        var stored = await store.GetManyAsync(ids, cancellationToken);
        if (request.CaptureKey is { } captureKey && stored.Count < ids.Count
            && await store.FindEnrolledAsync(captureKey, cancellationToken) is { Count: > 0 } earlier)
        {
            // The capture's earlier delivery stored its faces while this one ran, so the store left this one's out: the index
            // must not keep them either.
            await index.RemoveAsync(ids.Where(id => !stored.ContainsKey(id)).ToList(), cancellationToken);
            return earlier;
        }
        return ids.Select(id => stored[id]).ToList();
    }
}
