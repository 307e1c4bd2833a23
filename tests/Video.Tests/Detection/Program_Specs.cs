using System.Diagnostics;

namespace Video.Tests.Detection;

/// <summary>The detector as an operator runs it: the Workers.Video program with an .ini file and command line options.</summary>
[Collection(VideoCollection.Name)]
public sealed class Program_Specs(TestVideos videos) : IAsyncLifetime
{
    private readonly string _ini = Path.Combine(Path.GetTempPath(), $"fkvideo-{Guid.NewGuid():N}.ini");
    private FaceReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FaceReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        File.Delete(_ini);
    }

    [Fact]
    public async Task Should_run_from_an_ini_file_with_the_command_line_winning()
    {
        File.WriteAllText(_ini, $"""
            [General]
            api-host=127.0.0.1
            ; A port nothing listens on: the command line gives the receiver's.
            api-port=9
            api-token=ini-token
            camid=from-ini
            source=file@10:{videos.StaticFace}
            md-threshold=0
            request-url=/v0/identify
            img-arg=picture
            headers=X-Camera-Site=hall
            body=meta=video.mp4,gender=true
            """);

        var (exitCode, output) = await RunAsync("-c", _ini, "--api-port", _receiver.Port.ToString(), "--camid", "from-command-line");

        Assert.True(exitCode == 0, output);
        var face = Assert.Single(_receiver.Faces);
        Assert.Equal(("/v0/identify", "Token ini-token", "from-command-line"), (face.Path, face.Authorization, face.CamId));
        Assert.Equal(("picture", "hall"), (face.PhotoField, face.Headers["X-Camera-Site"]));
        Assert.Equal(("video.mp4", "true"), (face.Fields["meta"], face.Fields["gender"]));
        Assert.False(face.Fields.ContainsKey("timestamp"), "start-ts is off by default.");
    }

    [Fact]
    public async Task Should_exit_with_a_usage_error_on_an_unknown_option()
    {
        var (exitCode, output) = await RunAsync("--no-such-option", "1");
        Assert.Equal(2, exitCode);
        Assert.Contains("--no-such-option", output);
    }

    [Fact]
    public async Task Should_exit_with_a_usage_error_when_posting_over_the_bus_without_a_claims_folder()
    {
        var (exitCode, output) = await RunAsync("--source", $"file@10:{videos.StaticFace}", "--Deployment=Cluster");
        Assert.Equal(2, exitCode);
        Assert.Contains("Storage:ClaimsDir", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Workers.Video.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[program, .. args])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await errors);
    }
}
