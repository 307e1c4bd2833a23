using System.Net;
using Security.Cameras;

namespace Gateway.FunctionalTests.Security;

/// <summary>The camera URL policy the gateway and the video detector share, on real files and links; host names resolve
/// through a resolver given here (a mock: this machine has no DNS for them), literal addresses through none.</summary>
public sealed class CameraUrlPolicy_Specs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("facepipe-media-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("facepipe-outside-").FullName;

    private static readonly Dictionary<string, IPAddress[]> Names = new()
    {
        ["cam.lan"] = [IPAddress.Parse("192.168.1.20")],
        ["rebound.example"] = [IPAddress.Parse("203.0.113.5"), IPAddress.Parse("127.0.0.1")],
        ["metadata.example"] = [IPAddress.Parse("::ffff:169.254.169.254")],
    };

    public CameraUrlPolicy_Specs()
    {
        File.WriteAllText(Path.Combine(_root, "entrance.mp4"), "video");
        File.WriteAllText(Path.Combine(_outside, "secret"), "key");
        File.CreateSymbolicLink(Path.Combine(_root, "escape.mp4"), Path.Combine(_outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "elsewhere"), _outside);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private CameraUrlPolicy Policy(string? mediaRoot = null, params string[] allowedNetworks) =>
        new(new CameraPolicyOptions { MediaRoot = mediaRoot, AllowedNetworks = allowedNetworks },
            (host, _) => Names.TryGetValue(host, out var addresses)
                ? Task.FromResult(addresses)
                : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound)));

    [Theory]
    [InlineData("rtsp://user:pass@192.168.1.1:554/Streaming/Channels/1", "rtp,udp,tcp")]
    [InlineData("rtsps://10.0.0.1/live", "rtp,udp,tcp,tls")]
    [InlineData("rtmp://cam.lan/live/stream", "rtmp,tcp")]
    [InlineData("https://cam.lan/video.mjpg?channel=1", "https,tls,tcp")]
    [InlineData("http://203.0.113.9:8080/stream.flv", "http,tcp")]
    [InlineData("udp://239.0.0.1:5000", "udp")]
    [InlineData("tcp://[2001:db8::5]:9000", "tcp")]
    public async Task Should_allow_network_cameras_with_the_protocols_of_their_scheme_only(string url, string whitelist)
    {
        var check = await Policy().CheckAsync(url, CancellationToken.None);

        Assert.True(check.IsAllowed, check.Refusal);
        Assert.Equal([KeyValuePair.Create("protocol_whitelist", whitelist)], check.InputOptions);
    }

    [Theory]
    [InlineData("tcp://0.0.0.0:9000?listen=1", "listen")]
    [InlineData("tcp://10.0.0.1:9000?listen", "listen")]
    [InlineData("udp://10.0.0.1:5000?localport=22&reuse=1", "localport")]
    [InlineData("udp://239.0.0.1:5000?localaddr=127.0.0.1", "localaddr")]
    [InlineData("rtmp://10.0.0.1/live?LISTEN=1", "LISTEN")]
    [InlineData("udp://0.0.0.0:5000", "0.0.0.0")]
    [InlineData("http://[::]:80/", "::")]
    [InlineData("http://169.254.169.254/latest/", "169.254.169.254")]
    [InlineData("http://[fd00:ec2::254]/latest/", "fd00:ec2::254")]
    [InlineData("http://100.100.100.200/latest/meta-data", "100.100.100.200")]
    [InlineData("rtsp://127.0.0.1:8554/x", "127.0.0.1")]
    [InlineData("rtsp://[::ffff:127.0.0.1]/x", "127.0.0.1")]
    [InlineData("rtsp://[fe80::1]/x", "fe80::1")]
    [InlineData("http://rebound.example/x", "127.0.0.1")]
    [InlineData("http://metadata.example/x", "169.254.169.254")]
    [InlineData("ftp://10.0.0.1/x", "url is a stream address")]
    [InlineData("concat:/etc/passwd|/etc/shadow", "url is a stream address")]
    [InlineData("file@25:/etc/passwd", "Video:MediaRoot")]
    public async Task Should_refuse_sources_that_reach_the_detectors_host_or_the_cloud_metadata(string url, string said)
    {
        var check = await Policy().CheckAsync(url, CancellationToken.None);

        Assert.False(check.IsAllowed);
        Assert.Contains(said, check.Refusal);
    }

    [Fact]
    public async Task Should_allow_files_only_under_the_media_root_with_links_resolved()
    {
        var policy = Policy(_root);

        Assert.True((await policy.CheckAsync($"file@25:{_root}/entrance.mp4", CancellationToken.None)).IsAllowed);
        Assert.False((await policy.CheckAsync($"file@25:{_root}/escape.mp4", CancellationToken.None)).IsAllowed);
        Assert.False((await policy.CheckAsync($"file@25:{_root}/elsewhere/secret", CancellationToken.None)).IsAllowed);
        Assert.False((await policy.CheckAsync($"file@25:{_root}/../{Path.GetFileName(_outside)}/secret", CancellationToken.None)).IsAllowed);
        Assert.False((await policy.CheckAsync($"file@25:{_root}/missing.mp4", CancellationToken.None)).IsAllowed);
        Assert.False((await policy.CheckAsync("file@25:/etc/passwd", CancellationToken.None)).IsAllowed);
    }

    [Fact]
    public async Task Should_take_only_the_allowed_networks_when_they_are_set()
    {
        var policy = Policy(null, "192.168.1.0/24", "127.0.0.0/8");

        Assert.True((await policy.CheckAsync("rtsp://cam.lan/1", CancellationToken.None)).IsAllowed);
        Assert.True((await policy.CheckAsync("rtsp://127.0.0.1:8554/1", CancellationToken.None)).IsAllowed);
        Assert.False((await policy.CheckAsync("rtsp://10.0.0.1/1", CancellationToken.None)).IsAllowed);
        Assert.False((await policy.CheckAsync("http://rebound.example/x", CancellationToken.None)).IsAllowed);
    }

    [Theory]
    [InlineData("rtsp://admin:s3cret@10.0.0.1/1", "rtsp://***@10.0.0.1/1")]
    [InlineData("Input #0, rtsp, from 'rtsp://admin:s3cret@10.0.0.1/1':", "Input #0, rtsp, from 'rtsp://***@10.0.0.1/1':")]
    [InlineData("http://10.0.0.1/a@b", "http://10.0.0.1/a@b")]
    [InlineData("file@25:/srv/media/a.mp4", "file@25:/srv/media/a.mp4")]
    public void Should_hide_the_credentials_of_camera_urls(string text, string shown)
    {
        Assert.Equal(shown, CameraUrls.Redact(text));
    }
}
