namespace Video.Tests.Support;

/// <summary>Short 640x360 H.264 videos made once per run from the registry photos over a face-free background (coffee.png).</summary>
public sealed class TestVideos : IAsyncLifetime
{
    public const int Width = 640;
    public const int Height = 360;

    private readonly string _dir = Directory.CreateTempSubdirectory("facepipe-videos-").FullName;

    /// <summary>10 s: grace_hopper walks in from the left (0-1 s), stands at x 100-305 (1-2 s) and walks out to the right
    /// (2-3 s); the empty scene stays still (3-5 s); man2 does the same from 5 s, standing at x 300-500 (6-7 s); still again 8-10 s.</summary>
    /// <summary>The folder of the videos: the media root (<c>Video:MediaRoot</c>) of cameras reading them.</summary>
    public string Dir => _dir;

    public string Moving => Path.Combine(_dir, "moving.mp4");

    /// <summary>3 s of a scene that never changes, grace_hopper in it.</summary>
    public string StaticFace => Path.Combine(_dir, "static-face.mp4");

    /// <summary>4 s: grace_hopper in the left half (x 40-245) and a smaller man2 in the right half (x 400-560), both bobbing up and down.</summary>
    public string TwoSides => Path.Combine(_dir, "two-sides.mp4");

    /// <summary>3 s of a still scene but for who stands in it: grace_hopper (0-1.5 s), then man2 at the same place (1.5-3 s).</summary>
    public string SameSpot => Path.Combine(_dir, "same-spot.mp4");

    public async Task InitializeAsync()
    {
        var background = Path.Combine(Photos.Dir, "coffee.png");
        var a = Path.Combine(Photos.Dir, "grace_hopper.jpg");
        var b = Path.Combine(Photos.Dir, "man2.jpg");
        var scaled = $"[0]scale={Width}:{Height},setsar=1[bg];[1]scale=-2:240[a];[2]scale=-2:200[b];";
        await Task.WhenAll(
            MakeAsync(Moving, 10, [background, a, b], scaled +
                "[bg][a]overlay=x='if(lt(t,1),-w+(100+w)*t,if(lt(t,2),100,100+(W-100)*(t-2)))':y=60:enable='between(t,0,3)'[v];" +
                "[v][b]overlay=x='if(lt(t,6),-w+(300+w)*(t-5),if(lt(t,7),300,300+(W-300)*(t-7)))':y=80:enable='between(t,5,8)'"),
            MakeAsync(StaticFace, 3, [background, a], $"[0]scale={Width}:{Height},setsar=1[bg];[1]scale=-2:240[a];[bg][a]overlay=x=200:y=60"),
            MakeAsync(TwoSides, 4, [background, a, b], $"[0]scale={Width}:{Height},setsar=1[bg];[1]scale=-2:240[a];[2]scale=-2:160[b];" +
                "[bg][a]overlay=x=40:y='60+30*sin(PI*t)'[v];[v][b]overlay=x=400:y='80+30*sin(PI*t)'"),
            MakeAsync(SameSpot, 3, [background, a, b], $"[0]scale={Width}:{Height},setsar=1[bg];[1]scale=-2:240[a];[2]scale=-2:240[b];" +
                "[bg][a]overlay=x=200:y=60:enable='lt(t,1.5)'[v];[v][b]overlay=x=200:y=60:enable='gte(t,1.5)'"));
    }

    private static Task MakeAsync(string path, int seconds, string[] images, string filter) =>
        Ffmpeg.RunAsync([
            .. images.SelectMany(image => new[] { "-loop", "1", "-framerate", "25", "-i", image }),
            "-filter_complex", filter, "-t", seconds.ToString(), "-r", "25",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25", "-y", path,
        ]);

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class VideoCollection : ICollectionFixture<TestVideos>
{
    public const string Name = "Videos";
}
