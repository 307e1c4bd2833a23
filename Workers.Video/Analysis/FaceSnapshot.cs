using Contracts.Images;

namespace Workers.Video.Analysis;

/// <summary>One sighting of a tracked face: the frame it was seen on, its box there and how good it is.</summary>
public sealed record FaceSnapshot(SharedFrame Frame, Box Box, FaceQuality Quality)
{
    public DateTimeOffset Time => Frame.Time;
}
