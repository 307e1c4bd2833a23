using System.Text.Json;
using System.Text.RegularExpressions;

namespace MassEnroll.Tests;

/// <summary><c>run</c> (spec 8.5) against the real standalone gateway: resumed after a kill, never enrolling an image twice; failed
/// images with the API's reasons and retried with <c>--failed</c>; a wrong token, an unreachable server, a file gone.</summary>
public sealed partial class Run_Specs(StandaloneGateway gateway) : IClassFixture<StandaloneGateway>, IDisposable
{
    /// <summary>LFW photos in the kill-and-resume spec: enough that one request at a time on a quiet machine (about 23 images/s) is
    /// still enrolling seconds after the first progress line, few enough to stay near a minute on a loaded 2-core machine;
    /// <c>FACEPIPE_MASS_ENROLL_IMAGES=500</c> runs the issue's full size.</summary>
    private static readonly int ResumedImages = int.TryParse(Environment.GetEnvironmentVariable("FACEPIPE_MASS_ENROLL_IMAGES"), out var count) ? count : 120;

    private readonly JobFolder _folder = new();

    [SkippableFact]
    public async Task Should_enroll_each_image_once_with_its_meta_across_a_kill_and_a_second_run()
    {
        Skip.If(LfwPhotos.Dir is null, LfwPhotos.SkipReason);
        var photos = LfwPhotos.Take(ResumedImages);
        foreach (var photo in photos)
            File.Copy(photo, _folder[Path.GetFileName(photo)]);
        _folder.Write("notes.txt", "not a photo");
        File.WriteAllBytes(_folder["coffee.png"], TestSupport.Photos.Bytes("coffee.png"));
        var total = photos.Count + 2;
        Assert.Equal(0, (await MassEnrollTool.RunAsync(_folder.Path, "prepare", "--meta-filename", "*")).ExitCode);
        string[] run = ["run", "--api", gateway.Api, "--token", StandaloneGateway.Token, "--mf-selector", "biggest", "--parallel", "4"];

        // Killed at its first progress line, one request at a time: a quiet machine must not finish the whole job before the kill lands.
        using (var first = MassEnrollTool.Start(_folder.Path, [.. run[..^1], "1"]))
        {
            await first.WaitForLineAsync(line => Processed(line) >= 1, TimeSpan.FromMinutes(10));
            first.Kill();
        }
        var afterKill = _folder.Images();
        var doneBefore = afterKill.Count(image => State(image) == "done");
        var failedBefore = afterKill.Count(image => State(image) == "failed");
        Assert.InRange(doneBefore + failedBefore, 0, total - 1);
        var second = await MassEnrollTool.RunAsync(_folder.Path, run);

        // The images the first run stored but whose answers were lost with it were sent again: their keys gave back their faces.
        Assert.True(second.ExitCode == 1, second.All);
        Assert.Contains($"Skipped {doneBefore + failedBefore} already processed images", second.Output);
        Assert.Contains($"Successfully processed {photos.Count - doneBefore} images", second.Output);
        var images = _folder.Images();
        Assert.Equal(photos.Count, images.Count(image => State(image) == "done"));
        // Other specs share the gateway: its faces with these names are the photos', one each.
        var names = photos.Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Equal(names.Order(StringComparer.Ordinal), (await gateway.AllMetaAsync()).Where(names.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(images.Where(image => State(image) == "done").Select(image => image.GetProperty("face_ids")[0].GetInt64()).Distinct().Count(),
            photos.Count);

        var failed = await MassEnrollTool.RunAsync(_folder.Path, "print", "--failed");
        var reasons = JsonDocument.Parse(string.Join('\n', failed.Output)).RootElement.GetProperty("images").EnumerateArray()
            .ToDictionary(image => Path.GetFileName(image.GetProperty("image").GetString()!), image => image.GetProperty("error"));
        Assert.Equal(["coffee.png", "notes.txt"], reasons.Keys.Order());
        Assert.Equal("BAD_PARAM", reasons["notes.txt"].GetProperty("code").GetString());
        Assert.Contains("IMAGE_DECODING_FAILED", reasons["notes.txt"].GetProperty("reason").GetString());
        Assert.Equal(("BAD_PARAM", "No face was found on the photo."),
            (reasons["coffee.png"].GetProperty("code").GetString(), reasons["coffee.png"].GetProperty("reason").GetString()));

        var retried = await MassEnrollTool.RunAsync(_folder.Path, [.. run, "--failed"]);

        Assert.True(retried.ExitCode == 1, retried.All);
        Assert.Contains($"Skipped {photos.Count} already processed images", retried.Output);
        Assert.Contains("Failed to process 2 images", retried.Output);
        Assert.Equal(photos.Count, (await gateway.AllMetaAsync()).Count(names.Contains));
    }

    [SkippableFact]
    public async Task Should_stop_on_ctrl_c_with_the_job_saved_exit_1_and_go_on_without_enrolling_an_image_twice()
    {
        Skip.If(LfwPhotos.Dir is null, LfwPhotos.SkipReason);
        // Other specs take the first LFW photos: these are others, so that the gateway's faces with their names are theirs. Enough
        // that a quiet machine (about 30 images/s) is still enrolling when the first progress line (after 1 s) says 5 are done.
        var photos = LfwPhotos.Take(ResumedImages + 120).Skip(ResumedImages).ToList();
        foreach (var photo in photos)
            File.Copy(photo, _folder[Path.GetFileName(photo)]);
        Assert.Equal(0, (await MassEnrollTool.RunAsync(_folder.Path, "prepare", "--meta-filename", "*.jpg")).ExitCode);
        string[] run = ["run", "--api", gateway.Api, "--token", StandaloneGateway.Token, "--parallel", "4"];

        using var stopped = MassEnrollTool.Start(_folder.Path, run);
        await stopped.WaitForLineAsync(line => Processed(line) >= 5, TimeSpan.FromMinutes(10));
        await stopped.InterruptAsync(TimeSpan.FromMinutes(2));

        // Stopped before the end, as documented: exit 1, the summary, and a job file holding every answer the summary counts.
        Assert.True(stopped.ExitCode == 1, stopped.All);
        Assert.Contains("Stopping: the job file keeps what is done; run again to go on.", stopped.Error);
        Assert.Contains("----- Summary -----", stopped.Output);
        var succeeded = stopped.Output.Single(line => line.StartsWith("Successfully processed ", StringComparison.Ordinal));
        var doneBefore = _folder.Images().Count(image => State(image) == "done");
        Assert.Equal($"Successfully processed {doneBefore} images", succeeded);
        Assert.InRange(doneBefore, 5, photos.Count - 1);

        var resumed = await MassEnrollTool.RunAsync(_folder.Path, run);

        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains($"Skipped {doneBefore} already processed images", resumed.Output);
        Assert.Contains($"Successfully processed {photos.Count - doneBefore} images", resumed.Output);
        // Requests in flight at Ctrl+C were sent again with their keys: each photo is one face.
        var names = photos.Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Equal(names.Order(StringComparer.Ordinal), (await gateway.AllMetaAsync()).Where(names.Contains).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Should_enroll_into_a_gallery_and_exit_0_when_every_image_is_done()
    {
        Skip.If(LfwPhotos.Dir is null, LfwPhotos.SkipReason);
        var gallery = "staff" + Guid.NewGuid().ToString("N")[..8];
        using (var client = gateway.Client())
            (await client.PostAsync($"v1/galleries/{gallery}", null)).EnsureSuccessStatusCode();
        var photos = LfwPhotos.Take(3);
        var csv = string.Join('\n', photos.Select((photo, i) => $"\"{gallery} {i}\",\"{photo}\""));
        _folder.Write("meta.csv", csv);

        Assert.Equal(0, (await MassEnrollTool.RunAsync(_folder.Path, ["prepare", "--meta-csv", "meta.csv", .. photos])).ExitCode);
        var run = await MassEnrollTool.RunAsync(_folder.Path, "run", "--api", gateway.Api, "--token", StandaloneGateway.Token, "--gallery", gallery,
            "--stats-interval", "2");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal("----- Summary -----", run.Output[^5]);
        Assert.Matches(ProgressLine(), run.Output[^6]);
        using var client2 = gateway.Client();
        using var listed = JsonDocument.Parse(await client2.GetStringAsync($"v1/faces/gallery/{gallery}"));
        Assert.Equal(Enumerable.Range(0, 3).Select(i => $"{gallery} {i}"),
            listed.RootElement.GetProperty("results").EnumerateArray().Select(face => face.GetProperty("meta").GetString()!).Order());
    }

    [Fact]
    public async Task Should_have_the_server_estimate_only_the_attributes_the_run_asks_for()
    {
        // The gateway estimates gender, age and emotions of enrolled faces by default (Facenapi:Gae): the tool says what it wants.
        var asked = Directory.CreateDirectory(_folder["asked"]).FullName;
        var plain = Directory.CreateDirectory(_folder["plain"]).FullName;
        File.WriteAllBytes(Path.Combine(asked, "man1.jpg"), TestSupport.Photos.Bytes("man1.jpg"));
        File.WriteAllBytes(Path.Combine(plain, "man2.jpg"), TestSupport.Photos.Bytes("man2.jpg"));
        string[] run = ["run", "--api", gateway.Api, "--token", StandaloneGateway.Token];
        foreach (var folder in new[] { asked, plain })
            Assert.Equal(0, (await MassEnrollTool.RunAsync(folder, "prepare", "*.jpg")).ExitCode);

        var withGender = await MassEnrollTool.RunAsync(asked, [.. run, "--gender", "--emotions"]);
        var without = await MassEnrollTool.RunAsync(plain, run);

        Assert.True(withGender.ExitCode == 0 && without.ExitCode == 0, withGender.All + without.All);
        using var client = gateway.Client();
        async Task<JsonElement> FaceOfAsync(string folder)
        {
            var id = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "ffmassenroll.job"))).RootElement
                .GetProperty("images")[0].GetProperty("face_ids")[0].GetInt64();
            return JsonDocument.Parse(await client.GetStringAsync($"v1/face/id/{id}")).RootElement.Clone();
        }
        var face = await FaceOfAsync(asked);
        Assert.Equal("male", face.GetProperty("gender").GetString());
        Assert.True(face.TryGetProperty("emotions", out _), face.ToString());
        Assert.False(face.TryGetProperty("age", out _), face.ToString());
        var bare = await FaceOfAsync(plain);
        Assert.All(new[] { "gender", "age", "emotions" }, attribute => Assert.False(bare.TryGetProperty(attribute, out _), bare.ToString()));
    }

    [Fact]
    public async Task Should_refuse_a_wrong_token_before_reading_any_image()
    {
        var photo = _folder.Write("photo.jpg", "x");
        await MassEnrollTool.RunAsync(_folder.Path, "prepare", "*.jpg");
        var job = File.ReadAllText(_folder["ffmassenroll.job"]);
        File.Delete(photo);

        var run = await MassEnrollTool.RunAsync(_folder.Path, "run", "--api", gateway.Api, "--token", "not-the-token");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"The API at {gateway.Api} refused the token", run.Error);
        Assert.Equal(job, File.ReadAllText(_folder["ffmassenroll.job"]));
    }

    [Fact]
    public async Task Should_say_plainly_that_the_server_cannot_be_reached()
    {
        _folder.Write("photo.jpg", "x");
        await MassEnrollTool.RunAsync(_folder.Path, "prepare", "*.jpg");
        var nobody = $"http://127.0.0.1:{FreePort.Next()}/";

        var run = await MassEnrollTool.RunAsync(_folder.Path, "run", "--api", nobody, "--token", StandaloneGateway.Token);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Cannot reach the API at {nobody}", run.Error);
    }

    [Fact]
    public async Task Should_refuse_a_gallery_the_server_does_not_have()
    {
        _folder.Write("photo.jpg", "x");
        await MassEnrollTool.RunAsync(_folder.Path, "prepare", "*.jpg");

        var run = await MassEnrollTool.RunAsync(_folder.Path, "run", "--api", gateway.Api, "--token", StandaloneGateway.Token, "--gallery", "no-such-gallery");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no gallery named no-such-gallery", run.Error);
    }

    [Fact]
    public async Task Should_fail_an_image_that_cannot_be_read_and_go_on_with_the_others()
    {
        _folder.Write("gone.jpg", "x");
        File.WriteAllBytes(_folder["man1.jpg"], TestSupport.Photos.Bytes("man1.jpg"));
        await MassEnrollTool.RunAsync(_folder.Path, "prepare", "--meta-filename", "*.jpg");
        File.Delete(_folder["gone.jpg"]);

        var run = await MassEnrollTool.RunAsync(_folder.Path, "run", "--api", gateway.Api, "--token", StandaloneGateway.Token);

        Assert.True(run.ExitCode == 1, run.All);
        var images = _folder.Images().ToDictionary(image => Path.GetFileName(image.GetProperty("image").GetString()!));
        Assert.Equal("done", State(images["man1.jpg"]));
        Assert.Equal("failed", State(images["gone.jpg"]));
        Assert.Equal("FILE_ERROR", images["gone.jpg"].GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("gone.jpg", images["gone.jpg"].GetProperty("error").GetProperty("reason").GetString());
    }

    private static string State(JsonElement image) => image.GetProperty("state").GetString()!;

    // "[33/2055] faces processed (...)": 33.
    private static int Processed(string line) => ProgressLine().Match(line) is { Success: true } match ? int.Parse(match.Groups[1].Value) : 0;

    [GeneratedRegex(@"^\[(\d+)/\d+\] faces processed \(\d+ succeeded, \d+ failed, \d+ skipped\)\. \d+\.\d\d rps\. \[\d\d:\d\d:\d\d/(\d\d:\d\d:\d\d|--:--:--)\]$")]
    private static partial Regex ProgressLine();

    public void Dispose() => _folder.Dispose();
}
