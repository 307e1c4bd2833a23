namespace Contracts.Faces;

/// <summary>Store each described face as a new face with this meta, in <c>default</c> and these galleries.</summary>
/// <param name="CameraId">The camera the photo came from (spec 9.2.4 <c>cam_id</c>): the face is then an event of its history.</param>
/// <param name="Timestamp">When the photo was taken, if the client says (fkvideo_detector's <c>timestamp</c>); else the time it is stored.</param>
/// <param name="Person">Identify each face as a person (spec 8.2) before storing it; null when dynamic person creation is off.</param>
/// <param name="CaptureKey">For a face the video detector captured (<see cref="CaptureFace"/>): stored with it, and a second face
/// with this key is not stored.</param>
public sealed record FaceEnrollment(
    string Meta,
    IReadOnlyList<string> Galleries,
    string? CameraId = null,
    DateTime? Timestamp = null,
    PersonSearch? Person = null,
    Guid? CaptureKey = null);

/// <summary>Where and how closely a new face is searched for its person: the most similar face of <paramref name="Space"/> at
/// <paramref name="MinSimilarity"/> or above is its reference face, whose person it joins; without one it starts a person.</summary>
public sealed record PersonSearch(string Space, float MinSimilarity);
