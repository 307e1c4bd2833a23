using Contracts.Images;

namespace Gateway.Features;

/// <summary>What makes a client's bounding box usable.</summary>
public static class BoxRules
{
    public const string Message = "A bounding box needs x2 > x1 and y2 > y1.";

    public static bool AreValid(IReadOnlyList<Box>? boxes) => boxes is null || boxes.All(box => box.Right > box.Left && box.Bottom > box.Top);
}
