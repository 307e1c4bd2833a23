using Contracts.Images;
using Workers.Video.Capture;

namespace Workers.Video.Analysis;

/// <summary>Motion since the previous frame: the share of pixels that changed (the intensity <c>md-threshold</c> is compared
/// with) and the box around them in frame pixels, null when none did.</summary>
public readonly record struct Motion(double Intensity, Box? Region);

/// <summary>Frame differencing on the frame's luma plane scaled by <c>scale</c>: the motion intensity is the share of
/// its pixels whose brightness changed by more than <see cref="PixelChange"/> since the previous frame (spec: 0.002 by
/// default, 0.05 already too high to see motion).</summary>
public sealed class MotionDetector(double scale, Box? clip)
{
    /// <summary>Brightness change (of 255) that counts as motion: above the flicker of compressed video on a still scene.</summary>
    public const int PixelChange = 25;

    private byte[]? _previous;
    private byte[] _current = [];

    /// <summary>The motion since the previous frame; none for the first frame.</summary>
    public Motion Measure(VideoFrame frame)
    {
        var (left, top, right, bottom) = clip is { } c
            ? (Math.Clamp(c.Left, 0, frame.Width), Math.Clamp(c.Top, 0, frame.Height), Math.Clamp(c.Right, 0, frame.Width), Math.Clamp(c.Bottom, 0, frame.Height))
            : (0, 0, frame.Width, frame.Height);
        if (right <= left || bottom <= top)
            return default;
        var width = Math.Max(1, (int)((right - left) * scale));
        var height = Math.Max(1, (int)((bottom - top) * scale));

        if (_current.Length != width * height)
        {
            _current = new byte[width * height];
            _previous = null;
        }
        Downscale(frame, left, top, right - left, bottom - top, width, height, _current);

        var (changed, minX, minY, maxX, maxY) = (0, width, height, -1, -1);
        if (_previous is { } previous)
        {
            for (var y = 0; y < height; y++)
            {
                for (int x = 0, i = y * width; x < width; x++, i++)
                {
                    if (Math.Abs(_current[i] - previous[i]) <= PixelChange)
                        continue;
                    changed++;
                    (minX, maxX) = (Math.Min(minX, x), Math.Max(maxX, x));
                    (minY, maxY) = (Math.Min(minY, y), Math.Max(maxY, y));
                }
            }
        }
        (_previous, _current) = (_current, _previous ?? new byte[_current.Length]);
        if (changed == 0)
            return default;
        var (stepX, stepY) = ((double)(right - left) / width, (double)(bottom - top) / height);
        return new Motion((double)changed / (width * height), new Box(
            left + (int)(minX * stepX), top + (int)(minY * stepY),
            Math.Min(right, left + (int)Math.Ceiling((maxX + 1) * stepX)), Math.Min(bottom, top + (int)Math.Ceiling((maxY + 1) * stepY))));
    }

    /// <summary>Brightness of each target pixel as the mean of a 2x2 sample of its source block: enough to damp pixel noise.</summary>
    private static void Downscale(VideoFrame frame, int left, int top, int regionWidth, int regionHeight, int width, int height, byte[] target)
    {
        var luma = frame.Luma;
        var stride = frame.Width;
        var (stepX, stepY) = ((double)regionWidth / width, (double)regionHeight / height);
        for (var y = 0; y < height; y++)
        {
            var y0 = top + (int)(y * stepY);
            var y1 = Math.Min(y0 + 1, top + regionHeight - 1);
            for (var x = 0; x < width; x++)
            {
                var x0 = left + (int)(x * stepX);
                var x1 = Math.Min(x0 + 1, left + regionWidth - 1);
                var sum = luma[y0 * stride + x0] + luma[y0 * stride + x1] + luma[y1 * stride + x0] + luma[y1 * stride + x1];
                target[y * width + x] = (byte)(sum >> 2);
            }
        }
    }
}
