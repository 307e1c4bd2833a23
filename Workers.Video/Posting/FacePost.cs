using Contracts.Images;
using Vision.Detection;

namespace Workers.Video.Posting;

/// <summary>A chosen face as it is posted: the camera, when the frame was shown, the frame as JPEG and the face's box in it.</summary>
public sealed record FacePost(string CameraId, DateTimeOffset Timestamp, byte[] Photo, Box Box, FaceQuality Quality);
