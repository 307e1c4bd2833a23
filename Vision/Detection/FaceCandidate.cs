using Contracts.Images;
using SkiaSharp;
using Vision.Imaging;

namespace Vision.Detection;

/// <summary>A face box in upright-image pixels with the detector's confidence.</summary>
public readonly record struct FaceCandidate(SKRect Box, float Score)
{
    public static float IntersectionOverUnion(Box a, Box b) => IntersectionOverUnion(a.ToRect(), b.ToRect());

    public static float IntersectionOverUnion(SKRect a, SKRect b)
    {
        var inter = SKRect.Intersect(a, b);
        if (inter.IsEmpty)
            return 0;
        var overlap = inter.Width * inter.Height;
        return overlap / (a.Width * a.Height + b.Width * b.Height - overlap);
    }

    /// <summary>Greedy non-maximum suppression: the strongest candidate of each overlapping group survives.</summary>
    public static List<FaceCandidate> Suppress(IEnumerable<FaceCandidate> candidates, float maxIou)
    {
        var kept = new List<FaceCandidate>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Score))
        {
            if (kept.All(k => IntersectionOverUnion(k.Box, candidate.Box) <= maxIou))
                kept.Add(candidate);
        }
        return kept;
    }
}
