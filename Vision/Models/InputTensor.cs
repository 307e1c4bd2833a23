using SkiaSharp;

namespace Vision.Models;

/// <summary>Turns an RGBA bitmap of the model's input size into the model's input floats.</summary>
public static class InputTensor
{
    public static float[] From(SKBitmap rgba, ModelInput input)
    {
        if (rgba.Width != input.Width || rgba.Height != input.Height || rgba.ColorType != SKColorType.Rgba8888)
            throw new ArgumentException($"Expected a {input.Width}x{input.Height} RGBA bitmap.", nameof(rgba));

        var pixels = rgba.GetPixelSpan();
        var plane = input.Width * input.Height;
        var tensor = new float[input.Length];
        if (input.Channels == ChannelOrder.Gray)
        {
            var (mean, scale) = (input.Mean[0], 1f / input.Std[0]);
            for (var p = 0; p < plane; p++)
            {
                // ITU-R BT.601 luma, as OpenCV's RGB2GRAY computes it.
                var gray = 0.299f * pixels[4 * p] + 0.587f * pixels[4 * p + 1] + 0.114f * pixels[4 * p + 2];
                tensor[p] = (gray - mean) * scale;
            }
            return tensor;
        }

        // Source channel for each tensor channel: RGBA memory holds R at 0, G at 1, B at 2.
        ReadOnlySpan<int> source = input.Channels == ChannelOrder.Rgb ? [0, 1, 2] : [2, 1, 0];
        Span<float> means = [input.Mean[0], input.Mean[1], input.Mean[2]];
        Span<float> scales = [1f / input.Std[0], 1f / input.Std[1], 1f / input.Std[2]];
        var planar = input.Layout == TensorLayout.Nchw;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var value = (pixels[4 * p + source[c]] - means[c]) * scales[c];
                tensor[planar ? c * plane + p : 3 * p + c] = value;
            }
        }
        return tensor;
    }
}
