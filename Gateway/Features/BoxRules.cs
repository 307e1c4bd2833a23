using Contracts.Images;
using Vision.Detection;

namespace Gateway.Features;

/// <summary>What makes a client's bounding boxes usable: no more boxes than faces a photo may have described.</summary>
public static class BoxRules
{
    public const int MaxBoxes = DetectorOptions.DefaultMaxFaces;

    public static readonly string Message = $"A bbox list has at most {MaxBoxes} boxes, each with x2 > x1 and y2 > y1.";

    public static bool AreValid(IReadOnlyList<Box>? boxes) =>
        boxes is null || (boxes.Count <= MaxBoxes && boxes.All(box => box.Right > box.Left && box.Bottom > box.Top));
}
