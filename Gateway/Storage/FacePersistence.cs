using Contracts.Index;
using Gateway.Features.Events;
using Gateway.Http;
using Gateway.Uploads;
using Hosting.Observability;
using Microsoft.Extensions.Options;
using Vision.Models;

namespace Gateway.Storage;

/// <summary>
/// The photo saga's last step for an enrollment, once the index has the faces (the design's "saga persists and answers"): the
/// faces go to the metadata store, which makes them visible, with the files the saga wrote to uploads meanwhile.
/// A face identified as a person (spec 8.2) takes its reference face's person, and its meta when it brings none, and is a
/// friend (spec 8.3) when its camera has seen the person on <c>friend_count</c> days of the last <c>friend_interval</c>; the
/// match's confidence is kept with it, for the live views.
/// </summary>
public sealed class FacePersistence(IFaceStore faces, IOptions<FacenapiOptions> options, FacenCalibration calibration,
    TimeProvider time, FaceFeed feed)
{
    /// <exception cref="InvalidOperationException">The enrollment was abandoned: its marks were settled before it got here.</exception>
    public async Task StoreAsync(UploadedPhoto photo, IReadOnlyList<NewFace> newFaces, CancellationToken cancellationToken)
    {
        var stored = new List<FaceToStore>(newFaces.Count);
        foreach (var face in newFaces)
        {
            var description = face.Description;
            var enrollment = face.Enrollment;
            var timestamp = enrollment.Timestamp ?? time.GetUtcNow().UtcDateTime;
            var (reference, similarity) = face.Person is { References: var candidates } ? await FirstStoredAsync(candidates, cancellationToken) : default;
            var personId = face.Person is null ? (long?)null : reference?.PersonId ?? face.FaceId;
            stored.Add(new FaceToStore(new StoredFace(
                face.FaceId,
                timestamp,
                photo.Path,
                photo.Md5,
                face.Files.Thumbnail,
                face.Files.Normalized,
                face.Box,
                enrollment.Meta == "" && reference is not null ? reference.Meta : enrollment.Meta,
                enrollment.Galleries,
                description.Gender,
                description.Age,
                description.Emotions,
                enrollment.CameraId,
                personId,
                face.Person?.Space,
                personId is { } person && enrollment.CameraId is { } camera
                    ? await IsFriendAsync(person, camera, timestamp, cancellationToken)
                    : null,
                enrollment.CaptureKey is { } key ? CaptureKeys.OfFace(key, stored.Count) : null,
                reference is not null ? calibration.ToConfidence(similarity) : null), description.Facen!, description.FacenModel!));
        }
        // Only faces still marked pending are stored: a mark settled as abandoned (by the sweep, the call long given up) has had
        // its index entry removed, and a face stored now would be unsearchable.
        if (await faces.AddEnrolledAsync(stored, cancellationToken) < stored.Count)
            throw new InvalidOperationException("The enrollment was abandoned: its faces' index entries were settled before they could be stored.");
        PipelineMetrics.FacesEnrolled.Add(stored.Count);
        feed.Stored();
    }

    // The best match whose face is stored, with its similarity.
    private async Task<(StoredFace? Face, float Similarity)> FirstStoredAsync(IReadOnlyList<FacenMatch> candidates, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<long, StoredFace>();
        return (await faces.StoredAmongAsync(candidates, stored, cancellationToken)).FirstOrDefault() is { } best
            ? (stored[best.FaceId], best.Similarity)
            : default;
    }

    // The days before this face's within the interval, and its own day.
    private async Task<bool> IsFriendAsync(long personId, string cameraId, DateTime timestamp, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var earlierDays = await faces.CountDaysSeenAsync(personId, cameraId, timestamp.AddSeconds(-settings.FriendInterval),
            timestamp.Date.AddTicks(-1), cancellationToken);
        return earlierDays + 1 >= settings.FriendCount;
    }
}
