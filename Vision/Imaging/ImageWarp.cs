using SkiaSharp;

namespace Vision.Imaging;

/// <summary>Resamples part of an image into a model-sized RGBA bitmap; everything outside the image is black.</summary>
public static class ImageWarp
{
    // Mipmaps keep strong downscales (a 1920-px photo to a 320-px detector input) from aliasing. They are
    // built once per image; blending two levels (SKMipmapMode.Linear) cost 5x more per crop than the nearest level.
    public static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Nearest);

    /// <summary>Draws <paramref name="source"/> through <paramref name="toTarget"/> (source to target pixels),
    /// only the part inside <paramref name="clip"/> (source pixels) when one is given, with <see cref="Sampling"/> unless
    /// <paramref name="sampling"/> says otherwise.</summary>
    public static SKBitmap Affine(SKImage source, SKMatrix toTarget, int width, int height, SKRect? clip = null, SKSamplingOptions? sampling = null)
    {
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.Black);
        canvas.SetMatrix(toTarget);
        if (clip is { } inside)
            canvas.ClipRect(inside);
        canvas.DrawImage(source, 0, 0, sampling ?? Sampling);
        return target;
    }

    /// <summary>Resizes <paramref name="region"/> of the source to exactly width x height.</summary>
    public static SKBitmap Crop(SKImage source, SKRect region, int width, int height)
    {
        var toTarget = SKMatrix.CreateTranslation(-region.Left, -region.Top)
            .PostConcat(SKMatrix.CreateScale(width / region.Width, height / region.Height));
        return Affine(source, toTarget, width, height);
    }
}
