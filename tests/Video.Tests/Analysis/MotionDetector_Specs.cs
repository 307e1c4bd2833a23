using Contracts.Images;
using Workers.Video.Analysis;
using Workers.Video.Capture;

namespace Video.Tests.Analysis;

/// <summary>Where the motion is: the box the detector then searches for faces (frames drawn here, since the box must be known).</summary>
public sealed class MotionDetector_Specs
{
    private const int Width = 640, Height = 360;

    [Fact]
    public void Should_box_the_pixels_that_changed_and_nothing_far_from_them()
    {
        var motion = new MotionDetector(scale: 0.3, clip: null);
        var moved = new Box(400, 100, 460, 180);

        var first = motion.Measure(Frame(0, null));
        var second = motion.Measure(Frame(1, moved));
        var still = motion.Measure(Frame(2, moved));

        Assert.Equal(default, first);
        Assert.Equal(default, still);
        var region = second.Region!;
        // The scaled grid's cells are 1/0.3 pixels wide: the box may be off by about one.
        Assert.InRange(region.Left, moved.Left - 4, moved.Left);
        Assert.InRange(region.Top, moved.Top - 4, moved.Top);
        Assert.InRange(region.Right, moved.Right, moved.Right + 4);
        Assert.InRange(region.Bottom, moved.Bottom, moved.Bottom + 4);
        Assert.InRange(second.Intensity, 0.015, 0.03);
    }

    [Fact]
    public void Should_measure_only_inside_the_clip_and_answer_in_frame_pixels()
    {
        var clip = new Box(320, 0, 640, 360);
        var motion = new MotionDetector(scale: 0.3, clip);

        motion.Measure(Frame(0, null));
        var outside = motion.Measure(Frame(1, new Box(10, 10, 100, 100)));
        var inside = motion.Measure(Frame(2, new Box(500, 200, 560, 260)));

        Assert.Null(outside.Region);
        Assert.InRange(inside.Region!.Left, 496, 500);
        Assert.InRange(inside.Region.Right, 560, 564);
    }

    // A mid-gray frame with a white rectangle (chroma neutral).
    private static VideoFrame Frame(long index, Box? white)
    {
        var pixels = new byte[VideoFrame.BufferSize(Width, Height)];
        pixels.AsSpan(Width * Height).Fill(128);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
                pixels[y * Width + x] = white is { } box && x >= box.Left && x < box.Right && y >= box.Top && y < box.Bottom ? (byte)235 : (byte)100;
        }
        return new VideoFrame(pixels, Width, Height, index, DateTimeOffset.UnixEpoch.AddMilliseconds(40 * index), _ => { });
    }
}
