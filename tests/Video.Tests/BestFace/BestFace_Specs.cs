using Contracts.Detection;
using Contracts.Images;
using Vision.Detection;
using Workers.Video.Analysis;
using Workers.Video.BestFace;
using Workers.Video.Capture;

namespace Video.Tests.BestFace;

/// <summary>The best-face choices on snapshots of known quality, one every 100 ms of stream time.</summary>
public sealed class BestFace_Specs
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static FaceSnapshot Snapshot(int at, double score)
    {
        using var frame = new VideoFrame(new byte[VideoFrame.BufferSize(2, 2)], 2, 2, at, Start.AddMilliseconds(100 * at), _ => { });
        // The test keeps its own reference: the frames are tiny and live as long as the test.
        return new FaceSnapshot(SharedFrame.From(frame), new DetectedFace(new Box(0, 0, 2, 2), 1, new float[10], 0), new FaceQuality(score, 0));
    }

    private static List<double> Offer(IBestFaceChoice choice, params double[] scores) =>
        [.. scores.SelectMany((score, at) => choice.Offer(Snapshot(at, score))).Select(s => s.Quality.Score)];

    [Fact]
    public void Should_post_only_the_best_snapshot_when_the_face_leaves_in_offline_mode()
    {
        var choice = new OfflineChoice();
        Assert.Empty(Offer(choice, -3, -1, -2));
        Assert.Equal([-1], choice.Finish().Select(s => s.Quality.Score));
        Assert.Empty(choice.Finish());
    }

    [Fact]
    public void Should_post_each_snapshot_that_beats_the_last_post_by_the_step()
    {
        var choice = new RealtimeChoice(minScore: -5, scoreStep: 1, delay: TimeSpan.Zero, refresh: TimeSpan.Zero);
        Assert.Equal([-4, -2.5, -1], Offer(choice, -6, -4, -3.5, -2.5, -2, -1.6, -1));
    }

    [Fact]
    public void Should_hold_the_best_snapshot_until_rt_delay_has_passed()
    {
        // Posts at 0 ms; -3 (at 100 ms) and -2 (at 200 ms) wait; -2 goes at 300 ms, when 300 ms have passed.
        var choice = new RealtimeChoice(minScore: -5, scoreStep: 0.5, delay: TimeSpan.FromMilliseconds(300), refresh: TimeSpan.Zero);
        Assert.Equal([-4, -2], Offer(choice, -4, -3, -2, -6));
        Assert.Empty(choice.Finish());
    }

    [Fact]
    public void Should_post_again_at_min_score_once_rt_refresh_has_passed()
    {
        var choice = new RealtimeChoice(minScore: -5, scoreStep: 1, delay: TimeSpan.Zero, refresh: TimeSpan.FromMilliseconds(250));
        // -1 posts at 0 ms; -1.5 is below the raised threshold at 100 and 200 ms, and posts at 300 ms after the refresh.
        Assert.Equal([-1, -1.5], Offer(choice, -1, -1.5, -1.5, -1.5));
    }
}
