using Microsoft.Extensions.Logging.Abstractions;
using Workers.Video.Capture;

namespace Video.Tests.Capture;

[Collection(VideoCollection.Name)]
public sealed class Capture_Specs(TestVideos videos)
{
    [Fact]
    public async Task Should_decode_a_file_at_the_rate_its_source_names()
    {
        await using var capture = await FfmpegCapture.OpenAsync(VideoSource.Parse($"file@10:{videos.StaticFace}"), [],
            NullLogger.Instance, CancellationToken.None);
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

    [Fact]
    public async Task Should_say_why_a_source_cannot_be_opened()
    {
        var error = await Assert.ThrowsAsync<VideoSourceException>(() => FfmpegCapture.OpenAsync(
            VideoSource.Parse("file@10:/nonexistent/entrance.mp4"), [], NullLogger.Instance, CancellationToken.None));
        Assert.Contains("No such file", error.Message);
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
