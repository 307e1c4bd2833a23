using SkiaSharp;

namespace TestSupport;

/// <summary>Edits a person or a camera makes to a photo, each returning a re-encoded JPEG.</summary>
public static class PhotoEdits
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear);

    public static byte[] Resize(byte[] photo, float factor) => Edit(photo, (int)(Width(photo) * factor), (int)(Height(photo) * factor),
        (canvas, image) => canvas.DrawImage(image, SKRect.Create(Width(photo) * factor, Height(photo) * factor), new SKSamplingOptions(SKCubicResampler.Mitchell)));

    public static byte[] Reencode(byte[] photo, int quality) => Edit(photo, Width(photo), Height(photo), (c, i) => c.DrawImage(i, 0, 0, Sampling), quality);

    /// <summary>Keeps the middle of the photo, cutting <paramref name="fraction"/> of each side.</summary>
    public static byte[] Crop(byte[] photo, float fraction)
    {
        var (dx, dy) = ((int)(Width(photo) * fraction), (int)(Height(photo) * fraction));
        return Edit(photo, Width(photo) - 2 * dx, Height(photo) - 2 * dy, (c, i) => c.DrawImage(i, -dx, -dy, Sampling));
    }

    public static byte[] Brighten(byte[] photo, float gain, float offset) => Edit(photo, Width(photo), Height(photo), (canvas, image) =>
    {
        using var paint = new SKPaint
        {
            ColorFilter = SKColorFilter.CreateColorMatrix([gain, 0, 0, 0, offset, 0, gain, 0, 0, offset, 0, 0, gain, 0, offset, 0, 0, 0, 1, 0]),
        };
        canvas.DrawImage(image, 0, 0, Sampling, paint);
    });

    /// <summary>The photo mirrored left to right, as a selfie camera shows it.</summary>
    public static byte[] Mirror(byte[] photo) => Edit(photo, Width(photo), Height(photo), (canvas, image) =>
    {
        canvas.SetMatrix(new SKMatrix(-1, 0, Width(photo), 0, 1, 0, 0, 0, 1));
        canvas.DrawImage(image, 0, 0, Sampling);
    });

    /// <summary>A Gaussian blur of standard deviation <paramref name="sigma"/> pixels, as an out-of-focus lens or motion gives.</summary>
    public static byte[] Blur(byte[] photo, float sigma) => Edit(photo, Width(photo), Height(photo), (canvas, image) =>
    {
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp) };
        canvas.DrawImage(image, 0, 0, Sampling, paint);
    });

    /// <summary>Scales the photo by <paramref name="factor"/> and places it at (x, y) on a grey canvas of the given size.</summary>
    public static byte[] PlaceOnCanvas(byte[] photo, float factor, int width, int height, int x, int y) => Edit(photo, width, height,
        (canvas, image) => canvas.DrawImage(image, SKRect.Create(x, y, image.Width * factor, image.Height * factor), new SKSamplingOptions(SKCubicResampler.Mitchell)));

    /// <summary>Moves the content right by <paramref name="pixels"/>, widening the canvas with grey.</summary>
    public static byte[] ShiftRight(byte[] photo, int pixels) => Edit(photo, Width(photo) + pixels, Height(photo), (c, i) => c.DrawImage(i, pixels, 0, Sampling));

    /// <summary>The photo turned 90 degrees clockwise, with no EXIF orientation: a reader sees it sideways.</summary>
    public static byte[] TurnClockwise(byte[] photo)
    {
        var (w, h) = (Width(photo), Height(photo));
        return Edit(photo, h, w, (canvas, image) =>
        {
            canvas.SetMatrix(new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1));
            canvas.DrawImage(image, 0, 0, Sampling);
        });
    }

    /// <summary>Stores the photo turned 90 degrees counter-clockwise with EXIF orientation 6 ("turn clockwise to view"),
    /// as phones save portrait shots: a reader honouring EXIF sees the original upright photo.</summary>
    public static byte[] StoredSidewaysWithExif(byte[] photo)
    {
        var (w, h) = (Width(photo), Height(photo));
        var sideways = Edit(photo, h, w, (canvas, image) =>
        {
            canvas.SetMatrix(new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1));
            canvas.DrawImage(image, 0, 0, Sampling);
        });
        return WithExifOrientation(sideways, 6);
    }

    /// <summary>Inserts an APP1 Exif segment holding only the orientation tag (0x0112) after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF header, IFD at offset 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, (byte)(orientation >> 8), 0, 0, // Orientation, SHORT, count 1
            0, 0, 0, 0, // no next IFD
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    private static int Width(byte[] photo) => Size(photo).Width;
    private static int Height(byte[] photo) => Size(photo).Height;

    private static SKSizeI Size(byte[] photo)
    {
        using var image = SKImage.FromEncodedData(photo);
        return new SKSizeI(image.Width, image.Height);
    }

    private static byte[] Edit(byte[] photo, int width, int height, Action<SKCanvas, SKImage> draw, int quality = 95)
    {
        using var image = SKImage.FromEncodedData(photo);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Gray);
        draw(surface.Canvas, image);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }
}
