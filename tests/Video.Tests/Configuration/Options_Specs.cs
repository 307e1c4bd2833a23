using Contracts.Images;
using Microsoft.Extensions.Configuration;
using Workers.Video.Configuration;

namespace Video.Tests.Configuration;

public sealed class Options_Specs : IDisposable
{
    private readonly string _ini = Path.Combine(Path.GetTempPath(), $"fkvideo-{Guid.NewGuid():N}.ini");

    private VideoOptions Read(params string[] args)
    {
        var configuration = new ConfigurationManager();
        configuration.AddDetectorSources(DetectorCommandLine.Parse(args));
        return VideoOptions.Read(configuration);
    }

    [Fact]
    public void Should_take_the_spec_defaults()
    {
        var options = Read();
        Assert.Equal(5, options.DetectorsMax);
        Assert.Equal(TimeSpan.FromSeconds(15), options.ReloadTimeout);
        Assert.Equal(0.002, options.MdThreshold);
        Assert.Equal(-7, options.MinScore);
        Assert.Equal(-1000, options.MinDirScore);
        Assert.Equal("photo", options.ImgArg);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ReqTimeout);
        Assert.False(options.Realtime);
        Assert.Equal((false, TimeSpan.FromSeconds(1), 3, 10.0), (options.PostUniq, options.UcMaxTimeDiff, options.UcMaxDup, options.UcMaxAvgShift));
    }

    [Fact]
    public void Should_let_the_command_line_win_over_the_ini_file()
    {
        File.WriteAllText(_ini, """
            [General]
            ; Host settings
            api-host=10.0.0.1
            api-port=8000
            api-token=from-ini
            camid=ini-cam
            source=rtsp://camera/1
            source-params=rtsp_transport=tcp,timeout=-1
            realtime=1
            md-threshold=0.003
            body=galleries=testgal,gender=true
            body-mf_selector=all,meta=User Meta
            """);

        var options = Read("-c", _ini, "--api-port", "18000", "--camid=cli-cam", "-r", "0", "--min-score", "-1.5");

        Assert.Equal("10.0.0.1", options.ApiHost);
        Assert.Equal(18000, options.ApiPort);
        Assert.Equal("from-ini", options.ApiToken);
        Assert.Equal("cli-cam", options.CamId);
        Assert.False(options.Realtime);
        Assert.Equal(0.003, options.MdThreshold);
        Assert.Equal(-1.5, options.MinScore);
        Assert.Equal([KeyValuePair.Create("rtsp_transport", "tcp"), KeyValuePair.Create("timeout", "-1")], options.SourceParams);
        Assert.Equal(
            [KeyValuePair.Create("mf_selector", "all"), KeyValuePair.Create("meta", "User Meta"),
             KeyValuePair.Create("galleries", "testgal"), KeyValuePair.Create("gender", "true")],
            options.Body);
    }

    [Fact]
    public void Should_read_short_aliases_bare_flags_and_repeated_lists()
    {
        var options = Read("-S", "file@5:/v.mp4", "-d", "7", "-t", "20", "-r", "--single-pass", "--disable-drops",
            "--body", "galleries=testgal", "--body", "age=true", "--headers", "X-A = 1", "--rot", "150x123+300+155", "--roi=10x20+1+2",
            "--post-uniq", "1", "--uc-max-time-diff", "2.5", "--uc-max-dup", "4", "--uc-max-avg-shift", "30");

        Assert.Equal("file@5:/v.mp4", options.Source);
        Assert.Equal(7, options.DetectorsMax);
        Assert.Equal(TimeSpan.FromSeconds(20), options.ReloadTimeout);
        Assert.True(options.Realtime);
        Assert.True(options.SinglePass);
        Assert.True(options.DisableDrops);
        Assert.Equal([KeyValuePair.Create("galleries", "testgal"), KeyValuePair.Create("age", "true")], options.Body);
        Assert.Equal([KeyValuePair.Create("X-A", "1")], options.Headers);
        Assert.Equal(new Box(300, 155, 450, 278), options.Rot);
        Assert.Equal(new Box(1, 2, 11, 22), options.Roi);
        Assert.Equal((true, TimeSpan.FromSeconds(2.5), 4, 30.0), (options.PostUniq, options.UcMaxTimeDiff, options.UcMaxDup, options.UcMaxAvgShift));
    }

    [Theory]
    [InlineData("--no-such-option", "1")]
    [InlineData("--scale", "many")]
    [InlineData("--rot", "150x123+300")]
    [InlineData("--realtime=maybe")]
    [InlineData("--max-persons", "0")]
    [InlineData("--uc-max-dup", "0")]
    public void Should_refuse_unknown_options_and_bad_values(params string[] args) =>
        Assert.Throws<FormatException>(() => Read(args));

    [Fact]
    public void Should_refuse_a_config_file_that_does_not_exist() =>
        Assert.Throws<FileNotFoundException>(() => Read("-c", _ini));

    public void Dispose() => File.Delete(_ini);
}
