using Contracts.Faces;

namespace Gateway.Features;

/// <summary>A face found on a photo: its box, and the attributes estimated (v1's, when asked; left out otherwise).</summary>
public sealed record DetectedFaceView(int X1, int Y1, int X2, int Y2, string? Gender, float? Age, IReadOnlyList<string>? Emotions)
{
    public static DetectedFaceView From(ProcessedFace face) => new(
        face.Detected.Box.Left, face.Detected.Box.Top, face.Detected.Box.Right, face.Detected.Box.Bottom,
        face.Description?.Gender?.Gender, face.Description?.Age, FaceObject.EmotionNames(face.Description?.Emotions));
}
