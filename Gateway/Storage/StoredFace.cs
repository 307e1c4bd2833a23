using Contracts.Embedding;
using Contracts.Images;
using Contracts.Index;

namespace Gateway.Storage;

/// <summary>A face's record as the metadata store keeps it, without its facen: the store keeps facens apart (<see cref="FaceToStore"/>,
/// <see cref="IFaceStore.GetIndexedAsync"/>), so that listings, which never show a facen, do not read 2 KB per face.</summary>
/// <param name="Timestamp">When the photo was taken (UTC): as its camera said, else when the face was stored.</param>
/// <param name="Photo">Upload path of the original photo (relative to the uploads folder).</param>
/// <param name="PhotoHash">MD5 of the photo's bytes, hex.</param>
/// <param name="Galleries">Named galleries besides <c>default</c>, which holds every face.</param>
/// <param name="CameraId">The camera it was captured by (spec 9.2.4 <c>cam_id</c>); such a face is an event of the history.</param>
/// <param name="PersonId">Its person (spec 8.2), from dynamic person creation or <c>PUT /face/id</c>.</param>
/// <param name="PersonSpace">The index space its person is searched in (<see cref="PersonSpaces"/>); null
/// when it takes no part in person identification.</param>
/// <param name="Friend">'Friend or foe' (spec 8.3) as it stood when the face was captured.</param>
/// <param name="PersonConfidence">How surely it was identified as its person (spec 8.2): the calibrated confidence, as
/// <c>/identify</c> answers it, of its match with the reference face it took the person from; null when it started its person,
/// or was given one by <c>PUT /face/id</c>.</param>
/// <param name="CaptureKey">The video detector's key of the capture it was enrolled from (<see cref="Contracts.Faces.CaptureFace"/>):
/// unique among the stored faces.</param>
public sealed record StoredFace(
    long Id,
    DateTime Timestamp,
    string Photo,
    string PhotoHash,
    string? Thumbnail,
    string? Normalized,
    Box Box,
    string Meta,
    IReadOnlyList<string> Galleries,
    GenderEstimate? Gender,
    float? Age,
    IReadOnlyList<EmotionScore>? Emotions,
    string? CameraId = null,
    long? PersonId = null,
    string? PersonSpace = null,
    bool? Friend = null,
    Guid? CaptureKey = null,
    float? PersonConfidence = null)
{
    /// <summary>Where the index keeps the face: its named galleries and its person space.</summary>
    public IReadOnlyList<string> IndexSpaces => PersonSpaces.WithGalleries(Galleries, PersonSpace);
}
