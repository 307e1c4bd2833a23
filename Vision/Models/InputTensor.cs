using SkiaSharp;

namespace Vision.Models;

/// <summary>Turns an RGBA bitmap of the model's input size into the model's input floats.</summary>
public static class InputTensor
{
    /// <summary>A new array of the input's floats (model queues fill a buffer of their own instead).</summary>
    public static float[] From(SKBitmap rgba, ModelInput input)
    {
        var tensor = new float[input.Length];
        Fill(rgba, input, tensor);
        return tensor;
    }

    public static void Check(SKBitmap rgba, ModelInput input)
    {
        if (rgba.Width != input.Width || rgba.Height != input.Height || rgba.ColorType != SKColorType.Rgba8888)
            throw new ArgumentException($"Expected a {input.Width}x{input.Height} RGBA bitmap.", nameof(rgba));
    }

    /// <summary>Writes the input's <see cref="ModelInput.Length"/> floats into <paramref name="tensor"/>.</summary>
    public static void Fill(SKBitmap rgba, ModelInput input, Span<float> tensor)
    {
        Check(rgba, input);
        var pixels = rgba.GetPixelSpan();
        var plane = input.Width * input.Height;
        if (input.Channels == ChannelOrder.Gray)
        {
            var (mean, scale) = (input.Mean[0], 1f / input.Std[0]);
            for (var p = 0; p < plane; p++)
            {
                // ITU-R BT.601 luma, as OpenCV's RGB2GRAY computes it.
                var gray = 0.299f * pixels[4 * p] + 0.587f * pixels[4 * p + 1] + 0.114f * pixels[4 * p + 2];
                tensor[p] = (gray - mean) * scale;
            }
            return;
        }

        // Source channel for each tensor channel: RGBA memory holds R at 0, G at 1, B at 2.
        var (s0, s2) = input.Channels == ChannelOrder.Rgb ? (0, 2) : (2, 0);
        var (m0, m1, m2) = (input.Mean[0], input.Mean[1], input.Mean[2]);
        var (k0, k1, k2) = (1f / input.Std[0], 1f / input.Std[1], 1f / input.Std[2]);
        if (input.Layout == TensorLayout.Nchw)
        {
            var c0 = tensor[..plane];
            var c1 = tensor.Slice(plane, plane);
            var c2 = tensor.Slice(2 * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                var pixel = pixels.Slice(4 * p, 4);
                c0[p] = (pixel[s0] - m0) * k0;
                c1[p] = (pixel[1] - m1) * k1;
                c2[p] = (pixel[s2] - m2) * k2;
            }
        }
        else
        {
            for (var p = 0; p < plane; p++)
            {
                var pixel = pixels.Slice(4 * p, 4);
                var values = tensor.Slice(3 * p, 3);
                values[0] = (pixel[s0] - m0) * k0;
                values[1] = (pixel[1] - m1) * k1;
                values[2] = (pixel[s2] - m2) * k2;
            }
        }
    }
}
