using SkiaSharp;
using Vision.Imaging;
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

    /// <summary>An attribute model's input: its crop around the face box, resized to its input size.</summary>
    public static SKBitmap InputFor(OnnxModel model, DecodedImage image, SKRect box)
    {
        var input = model.Spec.Input;
        return ImageWarp.Crop(image.Image, Around(box, model.Spec.Crop!), input.Width, input.Height);
    }
}
