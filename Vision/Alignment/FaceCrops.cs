using SkiaSharp;
using Vision.Models;

namespace Vision.Alignment;

/// <summary>Regions around a face box that attribute models and thumbnails are cut from.</summary>
public static class FaceCrops
{
    public static SKRect Around(SKRect box, FaceCrop crop)
    {
        var (width, height) = (box.Width * crop.Scale, box.Height * crop.Scale);
        if (crop.Square)
            width = height = Math.Max(width, height);
        return SKRect.Create(box.MidX - width / 2, box.MidY - height / 2, width, height);
    }
}
