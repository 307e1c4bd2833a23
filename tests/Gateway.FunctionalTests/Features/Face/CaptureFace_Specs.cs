using System.Net.Http.Json;
using System.Text.Json;
using ClaimCheck;
using Contracts.Faces;
using Contracts.Images;
using Gateway.FunctionalTests.Api;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Gateway.FunctionalTests.Features.Face;

/// <summary>A face the video detector sends over the bus (<see cref="CaptureFace"/>) takes <c>POST /face</c>'s path: the same
/// validation and person identification, the frame's time; its claim is removed once answered; a capture handed twice is one face. Standalone here (the in-memory
/// bus, where the gateway hosts the consumer too); Cluster.Tests runs the detector on RabbitMQ.</summary>
public sealed class CaptureFace_Specs(PersonsGateway gateway) : IClassFixture<PersonsGateway>
{
    private readonly string _camera = "capture-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Should_enroll_a_captured_face_as_the_same_person_its_camera_posted_over_http()
    {
        using var client = gateway.CreateAuthorizedClient();
        var photo = TestSupport.Photos.Bytes("man1.jpg");
        var posted = await Persons_Specs.PostAsync(client, photo, _camera, meta: "man one");
        var box = new Box(posted.GetProperty("x1").GetInt32(), posted.GetProperty("y1").GetInt32(),
            posted.GetProperty("x2").GetInt32(), posted.GetProperty("y2").GetInt32());
        var shown = new DateTime(2026, 11, 30, 6, 30, 15, 250, DateTimeKind.Utc);

        var (answer, claim) = await CaptureAsync(PhotoEdits.Reencode(photo, 70), box, shown, []);

        var enrolled = Assert.IsType<CaptureFaceResult>(answer);
        Assert.Equal(posted.GetProperty("person_id").GetInt64(), enrolled.PersonId);
        // An event of its camera's history, at the frame's time, with the meta of the person's face (spec 8.2.1).
        using var search = await client.PostAsJsonAsync("/v1/history/search", new { cam_ids = new[] { _camera } });
        var history = (await search.JsonAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([posted.GetProperty("id").GetInt64(), enrolled.FaceId], history.Select(e => e.GetProperty("id").GetInt64()).Order());
        var captured = history.Single(e => e.GetProperty("id").GetInt64() == enrolled.FaceId);
        Assert.Equal((_camera, "man one", "2026-11-30T06:30:15.250000"), (captured.GetProperty("cam_id").GetString(),
            captured.GetProperty("meta").GetString(), captured.GetProperty("timestamp").GetString()));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Images.GetAsync(claim));
    }

    [Fact]
    public async Task Should_refuse_a_captured_face_for_a_gallery_that_does_not_exist_as_post_face_does()
    {
        var (answer, claim) = await CaptureAsync(TestSupport.Photos.Bytes("man2.jpg"), new Box(0, 0, 400, 400), null, ["no-such-gallery"]);

        var refused = Assert.IsType<CaptureFaceRejected>(answer);
        Assert.Equal(("BAD_PARAM", "galleries"), (refused.Code, refused.Param));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Images.GetAsync(claim));
    }

    [Fact]
    public async Task Should_enroll_a_capture_handed_twice_once_and_answer_its_face_both_times()
    {
        using var client = gateway.CreateAuthorizedClient();
        var meta = "handed twice " + _camera;
        var frame = TestSupport.Photos.Bytes("man2.jpg");
        // The whole frame: its one face.
        var capture = await NewCaptureAsync(frame, new Box(0, 0, 10_000, 10_000), null, []) with { Meta = meta };

        var first = Assert.IsType<CaptureFaceResult>(await SendAsync(capture));
        // As RabbitMQ hands a capture again when the gateway that enrolled it died before acknowledging it, here before it
        // removed the frame.
        await Images.PutAsync(capture.Photo, frame);
        var again = Assert.IsType<CaptureFaceResult>(await SendAsync(capture));

        Assert.Equal(first, again);
        await Assert.ThrowsAsync<FileNotFoundException>(() => Images.GetAsync(capture.Photo));
        Assert.NotNull(first.PersonId);
        using var byMeta = await client.GetAsync($"/v1/face/meta/{Uri.EscapeDataString(meta)}");
        Assert.Equal([first.FaceId], Ids(await byMeta.JsonAsync()));
        using var search = await client.PostAsJsonAsync("/v1/history/search", new { cam_ids = new[] { _camera } });
        Assert.Equal([first.FaceId], Ids(await search.JsonAsync()));

        static IEnumerable<long> Ids(JsonElement json) =>
            json.GetProperty("results").EnumerateArray().Select(face => face.GetProperty("id").GetInt64());
    }

    private IImageStore Images => gateway.Services.GetRequiredService<IImageStore>();

    private async Task<(object Answer, ImageRef Claim)> CaptureAsync(byte[] jpeg, Box box, DateTime? shown, IReadOnlyList<string> galleries)
    {
        var capture = await NewCaptureAsync(jpeg, box, shown, galleries);
        return (await SendAsync(capture), capture.Photo);
    }

    // As the detector makes one: its frame claimed, a key of its own.
    private async Task<CaptureFace> NewCaptureAsync(byte[] jpeg, Box box, DateTime? shown, IReadOnlyList<string> galleries) =>
        new(await Images.PutNewAsync(jpeg, CancellationToken.None), box, _camera, shown, -0.5, -0.2, "", galleries, NewId.NextGuid());

    private async Task<object> SendAsync(CaptureFace capture)
    {
        var client = gateway.Services.GetRequiredService<IClientFactory>().CreateRequestClient<CaptureFace>(RequestTimeout.After(m: 2));
        return (await client.GetResponse<CaptureFaceResult, CaptureFaceRejected>(capture)).Message;
    }
}
