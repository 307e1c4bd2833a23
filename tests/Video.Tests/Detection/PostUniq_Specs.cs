using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workers.Video;
using Workers.Video.Configuration;
using Workers.Video.Posting;

namespace Video.Tests.Detection;

/// <summary>post-uniq on real videos with the real detector and facen models: one person is posted at most uc-max-dup
/// times per uc-max-time-diff, two people are told apart by their facens.</summary>
[Collection(VideoCollection.Name)]
public sealed class PostUniq_Specs(TestVideos videos) : IAsyncLifetime
{
    private FaceReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FaceReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    // Real-time mode with the threshold back at min-score 1 ms after each post: a face in view is posted on every frame.
    private string[] EveryFrame(string camera, string video, params string[] more) =>
    [
        "--camid", camera, "--source", $"file@10:{video}", "--api-port", _receiver.Port.ToString(CultureInfo.InvariantCulture),
        "--start-ts", "1", "--md-threshold", "0", "--realtime", "--rt-refresh", "1", .. more,
    ];

    private List<ReceivedFace> Posted(string camera) => [.. _receiver.Faces.Where(f => f.CamId == camera).OrderBy(f => f.Timestamp)];

    [Fact]
    public async Task Should_post_a_person_standing_still_at_most_uc_max_dup_times_within_uc_max_time_diff()
    {
        const int maxDup = 2;
        await using (await RunningDetector.RunToEndAsync(EveryFrame("all", videos.StaticFace)))
        await using (var uniq = await RunningDetector.RunToEndAsync(EveryFrame("uniq", videos.StaticFace,
                         "--post-uniq", "1", "--uc-max-time-diff", "1", "--uc-max-dup", maxDup.ToString(CultureInfo.InvariantCulture),
                         "--uc-max-avg-shift", "10")))
        {
            var (all, unique) = (Posted("all"), Posted("uniq"));
            Assert.True(all.Count >= 20, $"Without post-uniq only {all.Count} posts of 30 frames.");
            // 3 s of video: up to 2 posts in each second.
            Assert.InRange(unique.Count, maxDup, 3 * maxDup);
            foreach (var face in unique)
            {
                var inWindow = unique.Count(f => f.Timestamp <= face.Timestamp && face.Timestamp - f.Timestamp < TimeSpan.FromSeconds(1));
                Assert.True(inWindow <= maxDup, $"{inWindow} posts within 1 s up to {face.Timestamp:O}.");
            }
            Assert.Equal(all.Count - unique.Count, uniq.Stats("uniq").Duplicates);
        }
    }

    [Fact]
    public async Task Should_post_two_different_people_at_the_same_place()
    {
        // One post per person in the whole video, and the place alone would not tell them apart.
        await using var detector = await RunningDetector.RunToEndAsync(EveryFrame("spot", videos.SameSpot,
            "--post-uniq", "1", "--uc-max-time-diff", "10", "--uc-max-dup", "1", "--uc-max-avg-shift", "200"));

        var faces = Posted("spot");
        Assert.Equal(2, faces.Count);
        // grace_hopper from the first frame, man2 from 1.5 s (stream time).
        Assert.InRange((faces[1].Timestamp - faces[0].Timestamp).TotalSeconds, 1.45, 1.75);
        var (a, b) = (faces[0].Box, faces[1].Box);
        var shift = (Math.Abs(a.Left - b.Left) + Math.Abs(a.Top - b.Top) + Math.Abs(a.Right - b.Right) + Math.Abs(a.Bottom - b.Bottom)) / 4.0;
        Assert.True(shift <= 200, $"The faces are {shift} px apart: the place already told them apart.");
        Assert.True(detector.Stats("spot").Duplicates > 20, $"{detector.Stats("spot")}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_register_the_facen_model_only_for_post_uniq(bool postUniq)
    {
        var configuration = new ConfigurationManager();
        configuration.AddDetectorSources(DetectorCommandLine.Parse(["--source", "file@10:/v.mp4", "--post-uniq", postUniq ? "1" : "0"]));
        var services = new ServiceCollection().AddLogging().AddVideoDetector(configuration, VideoOptions.Read(configuration));
        Assert.Equal(postUniq, services.Any(s => s.ServiceType == typeof(Func<UniqueFaceFilter>)));
    }
}
