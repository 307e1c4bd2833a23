namespace Video.Tests.Detection;

/// <summary>The detector on a real RTSP stream on loopback, reconnecting when the camera dies.</summary>
[Collection(VideoCollection.Name)]
public sealed class Rtsp_Specs(TestVideos videos) : IAsyncLifetime
{
    private FaceReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FaceReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Should_capture_faces_from_an_rtsp_stream_and_reconnect_when_it_dies()
    {
        var url = $"rtsp://127.0.0.1:{TestSupport.FreePort.Next()}/live";
        await using var detector = RunningDetector.Start([
            "--camid", "door", "--source", url, "--source-params", "rtsp_flags=listen",
            "--api-port", _receiver.Port.ToString(), "--realtime", "--start-ts", "1",
        ]);

        await using (var camera = await RtspPublisher.StartAsync(videos.Moving, url, TimeSpan.FromSeconds(30)))
        {
            await _receiver.WaitUntilAsync(faces => faces.Count > 0, TimeSpan.FromSeconds(30));
            await camera.KillAsync();
        }

        await using (await RtspPublisher.StartAsync(videos.Moving, url, TimeSpan.FromSeconds(60)))
        {
            var stats = detector.Stats("door");
            await Until(() => stats.Connections >= 2, TimeSpan.FromSeconds(30), () => $"No reconnection: {stats}");
            var beforeReconnection = _receiver.Faces.Count;
            await _receiver.WaitUntilAsync(faces => faces.Count > beforeReconnection, TimeSpan.FromSeconds(30));
        }

        Assert.All(_receiver.Faces, face => Assert.Equal("door", face.CamId));
        // Live frames are stamped with the wall clock when they arrive.
        Assert.All(_receiver.Faces, face => Assert.InRange(face.Timestamp, DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow));
        // and each accepted post's latency from that moment to the answer is counted.
        Assert.True(detector.Stats("door").PostLatency(0.5) > TimeSpan.Zero, $"{detector.Stats("door")}");
    }

    private static async Task Until(Func<bool> done, TimeSpan timeout, Func<string> failure)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (!done())
        {
            if (expiry.IsCancellationRequested)
                Assert.Fail(failure());
            await Task.Delay(50);
        }
    }
}
