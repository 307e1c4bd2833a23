using SkiaSharp;

namespace Vision.Imaging;

/// <summary>Decodes JPEG, PNG and WebP within <see cref="ImageLimits"/>, applying the EXIF orientation.</summary>
public sealed class ImageDecoder(ImageLimits limits)
{
    private static readonly HashSet<SKEncodedImageFormat> Accepted =
        [SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Webp];

    /// <exception cref="ImageRejectedException">Empty, too large, not JPEG/PNG/WebP, truncated or corrupt.</exception>
    public DecodedImage Decode(ReadOnlySpan<byte> encoded)
    {
        using var activity = VisionActivity.Start("decode");
        if (encoded.IsEmpty)
            throw new ImageRejectedException(ImageRejectedException.DecodingFailed, "The image is empty.");
        if (encoded.Length > limits.MaxBytes)
            throw new ImageRejectedException(ImageRejectedException.TooLarge,
                $"The image is {encoded.Length} bytes; the limit is {limits.MaxBytes}.");

        using var data = SKData.CreateCopy(encoded);
        var stream = new SKMemoryStream(data);
        // On success the codec owns the stream and disposes it.
        using var codec = SKCodec.Create(stream, out var result);
        if (codec is null)
        {
            stream.Dispose();
            throw new ImageRejectedException(ImageRejectedException.DecodingFailed, $"Not a JPEG, PNG or WebP image ({result}).");
        }
        if (!Accepted.Contains(codec.EncodedFormat))
            throw new ImageRejectedException(ImageRejectedException.DecodingFailed,
                $"{codec.EncodedFormat} images are not supported; send JPEG, PNG or WebP.");

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > limits.MaxPixels)
            throw new ImageRejectedException(ImageRejectedException.TooLarge,
                $"The image is {width}x{height} pixels; the limit is {limits.MaxPixels} pixels.");

        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var decoded = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
        {
            bitmap.Dispose();
            var reason = decoded == SKCodecResult.IncompleteInput ? "The image is truncated." : $"The image is corrupt ({decoded}).";
            throw new ImageRejectedException(ImageRejectedException.DecodingFailed, reason);
        }
        return new DecodedImage(Orient(bitmap, codec.EncodedOrigin), (int)codec.EncodedOrigin);
    }

    /// <summary>Turns the stored pixels upright as EXIF orientation <paramref name="origin"/> asks.</summary>
    private static SKBitmap Orient(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
            return stored;
        var swapsAxes = origin >= SKEncodedOrigin.LeftTop;
        var (w, h) = swapsAxes ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
        var upright = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(upright))
        using (var image = SKImage.FromBitmap(stored))
        {
            canvas.SetMatrix(OriginMatrix(origin, stored.Width, stored.Height));
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        stored.Dispose();
        return upright;
    }

    /// <summary>Maps stored pixel coordinates to upright ones (EXIF 2.32, tag 0x0112).</summary>
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
