using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.Support;
using TestSupport;
using TestSupport.Cluster;
using Xunit.Abstractions;

namespace Cluster.Tests;

/// <summary>
/// Issue 5: the video detector as a process on the cluster's bus hands the faces it captures to the gateways (any of two),
/// which enroll them as <c>POST /face</c> enrolls a post: persons of the camera's history, with the frame's time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CapturedFaces_Specs(ITestOutputHelper output)
{
    private const string Camera = "entrance";

    [RabbitMqFact]
    public async Task Should_enroll_the_faces_the_video_detector_sends_over_the_bus_as_persons_of_the_camera_history()
    {
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        var folder = Directory.CreateTempSubdirectory("facepipe-captured-").FullName;
        try
        {
            var video = await Ffmpeg.MakePassersByAsync(Path.Combine(folder, "entrance.mp4"));
            await using var cluster = await LocalCluster.StartAsync(gateways: 2, detect: 1, embed: 1, index: 1, shards: [],
                new Dictionary<string, string> { ["Facenapi__PersonIdentify"] = "true" });
            output.WriteLine($"cluster up in {clock.Elapsed.TotalSeconds:F1} s");
            var detector = cluster.Join("video", "Workers.Video", "--camid", Camera, "--source", $"file@10:{video}", "--start-ts", "1",
                "--body", "meta=walked-by", "--req-timeout", "30");
            try
            {
                Assert.Equal(0, await detector.RunToEndAsync(TimeSpan.FromMinutes(2)));
                // Both faces were answered as enrolled (the detector's own counters, from the gateways' replies).
                Assert.Contains("posted 2, post failures 0,", detector.Log);
                output.WriteLine(detector.Log.Split('\n').Last(line => line.Contains("posted", StringComparison.Ordinal)).Trim());

                using var search = await cluster.Gateways[1].PostAsJsonAsync("/v1/history/search", new { cam_ids = new[] { Camera } });
                var events = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
                    .OrderBy(e => e.GetProperty("id").GetInt64()).ToList();
                Assert.Equal(2, events.Count);
                Assert.All(events, e => Assert.Equal((Camera, "walked-by"), (e.GetProperty("cam_id").GetString(), e.GetProperty("meta").GetString())));

                // Two people, so two persons, each started by its own face (spec 8.2), as GET /persons lists them.
                var persons = events.Select(e => e.GetProperty("person_id").GetInt64()).ToList();
                Assert.Equal(events.Select(e => e.GetProperty("id").GetInt64()), persons);
                var listed = (await cluster.Gateways[0].GetFromJsonAsync<JsonElement>("/v1/persons")).GetProperty("results").EnumerateArray()
                    .Select(person => person.GetProperty("id").GetInt64());
                Assert.Equal(persons.Order(), listed.Order());

                // The frames' times in the file (start-ts), not the times they were stored: the second person stands 2 s after the first.
                var times = events.Select(e => DateTime.Parse(e.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)).ToList();
                Assert.All(times, time => Assert.True(time >= started, $"{time:O} is before the test started ({started:O})"));
                Assert.InRange((times[1] - times[0]).TotalSeconds, 1.0, 3.0);

                // Each gateway removed the frame it took from the claims folder; nothing was left in a queue or faulted.
                Assert.Empty(Directory.EnumerateFiles(cluster.ClaimsDir));
                var queues = await Broker.QueuesAsync(cluster.VirtualHost);
                Assert.Equal(0, queues["CaptureFace"]);
                Assert.DoesNotContain(queues.Keys, name => name.EndsWith("_error", StringComparison.Ordinal));
                output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
            }
            catch
            {
                output.WriteLine(cluster.Logs());
                output.WriteLine(detector.Log);
                throw;
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
