using System.Collections.Concurrent;
using TestSupport;

namespace Gateway.FunctionalTests.Security;

/// <summary>An uploaded photo stays in memory while its call reads it: no temporary file holds a copy of it (biometric data) on
/// disk, whatever its size. ASP.NET's form reader, which the gateway used before, buffered every file part past 2 MB in one.</summary>
public sealed class UploadBuffering_Specs
{
    [Fact]
    public async Task Should_read_a_3_MB_upload_without_writing_a_temporary_file()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateAuthorizedClient();
        // Where ASP.NET Core puts the files it buffers requests in, and how it names them (Path.GetTempFileName's names: the
        // form reader's file, tmp9QM98t.tmp, was seen here by this spec run on the gateway before the change).
        var temp = Environment.GetEnvironmentVariable("ASPNETCORE_TEMP") is { Length: > 0 } folder ? folder : Path.GetTempPath();
        var created = new ConcurrentQueue<string>();
        using var watcher = new FileSystemWatcher(temp);
        watcher.Filters.Add("tmp*.tmp");
        watcher.Filters.Add("ASPNETCORE_*.tmp");
        watcher.Created += (_, file) => created.Enqueue(file.Name!);
        watcher.EnableRaisingEvents = true;

        // Not a photo: refused once the whole form is read.
        using var response = await client.PostAsync("/v1/detect", ApiForms.Multipart(("photo", HostileImages.Huge(3 * 1024 * 1024))));
        await response.AssertBadParamAsync("photo");
        // The watcher reports from a thread of its own: a file made during the call is seen well within this.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(created);
    }
}
