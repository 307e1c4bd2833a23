using SkiaSharp;
using Workers.Video.Cameras;

namespace Video.Tests.Detection;

/// <summary>The detector on real videos, the real models and a real HTTP receiver.</summary>
[Collection(VideoCollection.Name)]
public sealed class Detector_Specs(TestVideos videos) : IAsyncLifetime
{
    private const string Token = "video-specs-token";
    private FaceReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FaceReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private string[] Args(string source, params string[] more) =>
    [
        "--camid", "cam-1", "--source", source, "--api-port", _receiver.Port.ToString(), "--api-token", Token,
        "--request-url", "/v1/face", "--start-ts", "1", "--body", "galleries=video", .. more,
    ];

    [Fact]
    public async Task Should_post_one_best_face_per_track_in_offline_mode()
    {
        await using var detector = await RunningDetector.RunToEndAsync(Args($"file@10:{videos.Moving}"));

        var faces = _receiver.Faces.OrderBy(f => f.Timestamp).ToList();
        Assert.Equal(2, faces.Count);
        Assert.All(faces, face =>
        {
            Assert.Equal("/v1/face", face.Path);
            Assert.Equal($"Token {Token}", face.Authorization);
            Assert.Equal("cam-1", face.CamId);
            Assert.Equal("video", face.Fields["galleries"]);
            Assert.Equal(("photo", "image/jpeg"), (face.PhotoField, face.PhotoType));
            using var photo = SKBitmap.Decode(face.Photo);
            Assert.Equal((TestVideos.Width, TestVideos.Height), (photo.Width, photo.Height));
            Assert.InRange(face.Score, -7, 0);
            Assert.InRange(face.DirectionScore, -1000, 0);
        });
        // grace_hopper stands at x 100-305 during 1-2 s, man2 at x 300-500 during 6-7 s after walking in from the left: the
        // best snapshots are whole faces, from where each stood or (man2, whose face is whole on the way too) came in.
        Assert.InRange(faces[0].CentreX, 140, 270);
        Assert.InRange(faces[1].CentreX, 200, 460);
        Assert.All(faces, face => Assert.True(face.Box.Left >= 0 && face.Box.Right <= TestVideos.Width, $"{face.Box} is whole"));
        Assert.InRange((faces[1].Timestamp - faces[0].Timestamp).TotalSeconds, 3, 7);
        var stats = detector.Stats("cam-1");
        Assert.Equal((100, 0, 2), (stats.FramesRead, stats.FramesDropped, stats.FacesPosted));
        // A file's frames carry their place in it, not when they were read: no latency.
        Assert.Null(stats.PostLatency(0.5));
    }

    [Fact]
    public async Task Should_post_rising_quality_in_realtime_mode_and_start_over_for_each_face()
    {
        const double step = 0.05;
        await using var detector = await RunningDetector.RunToEndAsync(
            Args($"file@10:{videos.Moving}", "--realtime", "--rt-score-step", step.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var faces = _receiver.Faces.OrderBy(f => f.Timestamp).ToList();
        // The two people are seen 5 s apart, with an empty scene between.
        var first = faces.Where(f => f.Timestamp < faces[0].Timestamp.AddSeconds(4)).ToList();
        var second = faces.Skip(first.Count).ToList();
        Assert.NotEmpty(second);
        Assert.True(first.Count > 1, $"Only {first.Count} post(s) for the first face.");
        foreach (var track in new[] { first, second })
        {
            for (var i = 1; i < track.Count; i++)
                Assert.True(track[i].Score >= track[i - 1].Score + step - 1e-9, $"Post {i} scored {track[i].Score} after {track[i - 1].Score}.");
        }
        // The threshold went back to min-score when the first face left: the second face's first post is below the first face's last.
        Assert.True(second[0].Score < first[^1].Score, $"{second[0].Score} >= {first[^1].Score}");
    }

    [Fact]
    public async Task Should_not_run_the_face_detector_on_a_still_scene()
    {
        await using (var gated = await RunningDetector.RunToEndAsync(Args($"file@10:{videos.StaticFace}")))
        {
            var stats = gated.Stats("cam-1");
            Assert.Equal((30, 0, 0, 0), (stats.FramesAnalysed, stats.FramesWithMotion, stats.FramesDetected, stats.FacesPosted));
        }
        Assert.Empty(_receiver.Faces);

        await using var ungated = await RunningDetector.RunToEndAsync(Args($"file@10:{videos.StaticFace}", "--md-threshold", "0"));
        Assert.Equal(30, ungated.Stats("cam-1").FramesDetected);
        Assert.Single(_receiver.Faces);
    }

    [Fact]
    public async Task Should_post_faces_within_the_size_limits_with_the_box_scaled()
    {
        var still = Args($"file@10:{videos.StaticFace}", "--md-threshold", "0");
        await using (await RunningDetector.RunToEndAsync([.. still, "--max-face-size", "60"]))
        await using (await RunningDetector.RunToEndAsync([.. still, "--min-face-size", "150"]))
            Assert.Empty(_receiver.Faces);

        await using (await RunningDetector.RunToEndAsync(still))
        await using (await RunningDetector.RunToEndAsync([.. still, "--bbox-scale", "1.5"]))
        {
            var (plain, scaled) = (_receiver.Faces[0].Box, _receiver.Faces[1].Box);
            Assert.InRange(plain.Width, 61, 149);
            Assert.InRange(scaled.Width, plain.Width * 1.5 - 2, plain.Width * 1.5 + 2);
            Assert.InRange(scaled.Left + scaled.Right - plain.Left - plain.Right, -2, 2);
        }
    }

    [Fact]
    public async Task Should_detect_and_track_only_inside_rot()
    {
        await using var detector = await RunningDetector.RunToEndAsync(Args($"file@10:{videos.TwoSides}", "--rot", "320x360+0+0"));

        var face = Assert.Single(_receiver.Faces);
        Assert.True(face.Box.Right <= 320, $"{face.Box} is outside the clipping rectangle.");
    }

    [Fact]
    public async Task Should_post_only_faces_inside_roi()
    {
        await using var both = await RunningDetector.RunToEndAsync(Args($"file@10:{videos.TwoSides}", "--max-persons", "2"));
        Assert.Equal(2, _receiver.Faces.Count);

        await using var right = await RunningDetector.RunToEndAsync(Args($"file@10:{videos.TwoSides}", "--roi", "320x360+320+0"));
        Assert.Equal(3, _receiver.Faces.Count);
        Assert.True(_receiver.Faces[^1].CentreX > 320, $"{_receiver.Faces[^1].Box} is outside the region of interest.");
    }

    [Fact]
    public async Task Should_track_no_more_than_max_persons()
    {
        await using var detector = await RunningDetector.RunToEndAsync(Args($"file@10:{videos.TwoSides}", "--max-persons", "1"));

        // The larger face (grace_hopper's, against the smaller man2) takes the only track.
        var face = Assert.Single(_receiver.Faces);
        Assert.True(face.CentreX < 320, $"{face.Box}");
    }

    [Fact]
    public async Task Should_report_missing_sources_and_go_on_with_the_others()
    {
        Camera[] cameras =
        [
            new("missing-file", "file@10:/nonexistent/entrance.mp4", []),
            new("refused", "rtsp://127.0.0.1:9/live", [KeyValuePair.Create("rtsp_transport", "tcp")]),
            new("good", $"file@10:{videos.Moving}", []),
        ];
        await using var detector = RunningDetector.Start(Args("unused"), cameras);

        var faces = await _receiver.WaitUntilAsync(f => f.Count(face => face.CamId == "good") == 2, TimeSpan.FromMinutes(2));
        Assert.All(faces, face => Assert.Equal("good", face.CamId));
        Assert.Contains("No such file", detector.Stats("missing-file").LastError);
        Assert.True(detector.Stats("refused").Failures >= 1);
        Assert.Equal(0, detector.Stats("refused").Connections);
        Assert.False(detector.Completion.IsCompleted, "The live source is retried until the detector stops.");
    }
}
