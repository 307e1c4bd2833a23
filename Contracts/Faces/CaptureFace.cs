using Contracts.Images;

namespace Contracts.Faces;

/// <summary>
/// A face the video detector captured, enrolled as <c>POST /face</c> enrolls an uploaded photo with a <c>bbox</c>, <c>cam_id</c>
/// and <c>timestamp</c> (spec 5.4, 9.2.4). Answered by <see cref="CaptureFaceResult"/> or <see cref="CaptureFaceRejected"/>.
/// </summary>
/// <param name="Photo">The frame as JPEG in the shared image store; the gateway that takes the face removes it.</param>
/// <param name="Box">The face on the frame: the biggest face detected inside it is enrolled.</param>
/// <param name="Timestamp">When the frame was shown (fkvideo_detector's <c>start-ts</c>); null: when the face is stored.</param>
/// <param name="Score">The detector's quality of the face (its <c>detectorParams</c>): 0 best, -1 good, -5 poor.</param>
/// <param name="DirectionScore">How frontal the face is: 0 frontal, about -3.5 at large angles.</param>
/// <param name="Meta">The <c>body</c> field <c>meta</c>, else empty.</param>
/// <param name="Galleries">The <c>body</c> field <c>galleries</c>: where the face goes besides <c>default</c>.</param>
/// <param name="CaptureKey">Made once per face by the detector, so that a face handed twice (RabbitMQ redelivers what a gateway
/// that died did not acknowledge) is enrolled once; MassTransit's message id changes when a request is sent again.</param>
public sealed record CaptureFace(
    ImageRef Photo,
    Box Box,
    string CameraId,
    DateTime? Timestamp,
    double Score,
    double DirectionScore,
    string Meta,
    IReadOnlyList<string> Galleries,
    Guid CaptureKey);
