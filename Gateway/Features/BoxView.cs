using Contracts.Images;

namespace Gateway.Features;

/// <summary>A bounding box as the API returns it (spec 9.1.4): always a dictionary.</summary>
public sealed record BoxView(int X1, int Y1, int X2, int Y2)
{
    public static BoxView From(Box box) => new(box.Left, box.Top, box.Right, box.Bottom);

    /// <summary>The key of a face in identify results: "[x1, y1, x2, y2]".</summary>
    public string ToKey() => $"[{X1}, {Y1}, {X2}, {Y2}]";
}
