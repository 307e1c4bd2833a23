using Microsoft.Extensions.Logging.Abstractions;
using Security.Cameras;
using Workers.Video.Capture;

namespace Video.Tests.Capture;

[Collection(VideoCollection.Name)]
public sealed class Capture_Specs(TestVideos videos)
{
    [Fact]
    public async Task Should_decode_a_file_at_the_rate_its_source_names()
    {
        await using var capture = await FfmpegCapture.OpenAsync(VideoSource.Parse($"file@10:{videos.StaticFace}"), [],
            CameraPolicyOptions.UhdPixels, NullLogger.Instance, CancellationToken.None);
        var frames = new List<(long Index, DateTimeOffset Time)>();
        while (await capture.ReadAsync(CancellationToken.None) is { } frame)
        {
            using (frame)
                frames.Add((frame.Index, frame.Time));
        }

        Assert.Equal((TestVideos.Width, TestVideos.Height, 10.0), (capture.Width, capture.Height, capture.Fps));
        Assert.Equal(30, frames.Count);
        Assert.Equal(TimeSpan.FromSeconds(2.9), frames[^1].Time - frames[0].Time);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_give_the_colours_of_ffmpegs_own_rgb_conversion(bool oddSize)
    {
        var dir = Directory.CreateTempSubdirectory("facepipe-colours-").FullName;
        try
        {
            var video = videos.StaticFace;
            if (oddSize)
            {
                // x264 wants even sizes; FFV1 keeps odd ones, whose chroma planes ffmpeg rounds up.
                video = Path.Combine(dir, "odd.mkv");
                await Ffmpeg.RunAsync("-i", videos.StaticFace, "-frames:v", "1", "-vf", "scale=321:181", "-c:v", "ffv1", "-pix_fmt", "yuv420p", video);
            }
            var expected = Path.Combine(dir, "frame.rgba");
            await Ffmpeg.RunAsync("-i", video, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", expected);

            await using var capture = await FfmpegCapture.OpenAsync(VideoSource.Parse(video), [], CameraPolicyOptions.UhdPixels, NullLogger.Instance, CancellationToken.None);
            using var frame = (await capture.ReadAsync(CancellationToken.None))!;
            var rgba = new byte[frame.Width * frame.Height * 4];
            frame.ToRgba(rgba);

            var reference = await File.ReadAllBytesAsync(expected);
            Assert.Equal(oddSize ? (321, 181) : (TestVideos.Width, TestVideos.Height), (frame.Width, frame.Height));
            Assert.Equal(reference.Length, rgba.Length);
            var difference = rgba.Select((value, i) => Math.Abs(value - reference[i])).ToArray();
            Assert.All(rgba.Where((_, i) => i % 4 == 3), alpha => Assert.Equal(255, alpha));
            Assert.InRange(difference.Average(), 0, 2.0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Should_say_why_a_source_cannot_be_opened()
    {
        var error = await Assert.ThrowsAsync<VideoSourceException>(() => FfmpegCapture.OpenAsync(
            VideoSource.Parse("file@10:/nonexistent/entrance.mp4"), [], CameraPolicyOptions.UhdPixels, NullLogger.Instance, CancellationToken.None));
        Assert.Contains("No such file", error.Message);
    }

    [Fact]
    public async Task Should_refuse_frames_larger_than_the_pixel_limit_before_reading_one()
    {
        var error = await Assert.ThrowsAsync<VideoSourceException>(() => FfmpegCapture.OpenAsync(
            VideoSource.Parse($"file@10:{videos.StaticFace}"), [], TestVideos.Width * TestVideos.Height - 1, NullLogger.Instance, CancellationToken.None));
        Assert.Contains($"{TestVideos.Width}x{TestVideos.Height}", error.Message);
    }

    [Theory]
    [InlineData("rtsp://user:pass@192.168.1.1:554/Streaming/Channels/1", true, null, null)]
    [InlineData("/dev/video0", true, null, "v4l2")]
    [InlineData("file@12.5:/videos/a:b.mp4", false, 12.5, null)]
    [InlineData("/videos/entrance.mp4", false, null, null)]
    public void Should_read_the_source_kinds_of_the_spec(string source, bool live, double? fps, string? format)
    {
        var parsed = VideoSource.Parse(source);
        Assert.Equal((live, fps, format), (parsed.IsLive, parsed.Fps, parsed.Format));
    }
}
