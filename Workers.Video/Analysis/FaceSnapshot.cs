using Contracts.Detection;
using Contracts.Images;
using Vision.Detection;

namespace Workers.Video.Analysis;

/// <summary>One sighting of a tracked face: the frame it was seen on, the face there (box and landmarks) and how good it is.</summary>
public sealed record FaceSnapshot(SharedFrame Frame, DetectedFace Face, FaceQuality Quality)
{
    public DateTimeOffset Time => Frame.Time;
    public Box Box => Face.Box;
}
