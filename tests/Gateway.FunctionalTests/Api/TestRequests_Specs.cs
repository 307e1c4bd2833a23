using TestSupport;
using System.Net;
using System.Text.Json;
using Gateway.FunctionalTests.Photos;

namespace Gateway.FunctionalTests.Api;

/// <summary>The test requests of spec 4.4 (4.4.2-4.4.9), in their order, with the response shapes the spec documents.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TestRequests_Specs(PrivateNetworkGateway gateway, PhotoServer photos)
{
    private readonly string _gallery = Form.NewGallery();

    [Fact]
    public async Task Should_answer_the_test_requests_of_spec_4_4_as_documented()
    {
        using var client = gateway.CreateAuthorizedClient();
        var sample = photos.UrlOf("/photos/grace_hopper.jpg");
        var sampleBytes = TestSupport.Photos.Bytes("grace_hopper.jpg");

        // 4.4.2 List galleries: default is always there.
        using (var galleries = await client.GetAsync("/v0/galleries"))
            Assert.Contains("default", (await galleries.JsonAsync()).GetProperty("results").EnumerateArray().Select(g => g.GetString()));

        // 4.4.3 Create a gallery.
        using (var created = await client.PostAsync($"/v0/galleries/{_gallery}", null))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(_gallery, (await created.JsonAsync()).GetProperty("name").GetString());
        }

        // 4.4.4 Detect a face in an image given by URL as a form field.
        using (var detected = await client.PostAsync("/v0/detect", ApiForms.Multipart(("photo", sample))))
        {
            var json = await detected.JsonAsync();
            Assert.Equal(HttpStatusCode.OK, detected.StatusCode);
            Assert.Equal(1, json.GetProperty("orientation").GetInt32());
            var face = Assert.Single(json.GetProperty("faces").EnumerateArray());
            AssertBox(face);
            Assert.False(face.TryGetProperty("gender", out _)); // v0 has no gender
        }

        // 4.4.5 Add the face by URL with a meta, then from an upload into the custom gallery.
        JsonElement byUrl, byUpload;
        using (var added = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", sample), ("meta", "Sam Berry"))))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            byUrl = Assert.Single((await added.JsonAsync()).GetProperty("results").EnumerateArray());
        }
        AssertFaceObject(byUrl, "Sam Berry", ["default"]);
        using (var added = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", sampleBytes), ("meta", "sample"), ("galleries", _gallery))))
            byUpload = Assert.Single((await added.JsonAsync()).GetProperty("results").EnumerateArray());
        AssertFaceObject(byUpload, "sample", ["default", _gallery]);
        Assert.Equal(byUrl.GetProperty("photo_hash").GetString(), byUpload.GetProperty("photo_hash").GetString());
        using (var photo = await client.GetAsync(new Uri(byUpload.GetProperty("photo").GetString()!).PathAndQuery))
            Assert.Equal(sampleBytes, await photo.Content.ReadAsByteArrayAsync()); // uploads serve the original

        // 4.4.6 Identify: a resized copy by upload, in the custom gallery, finds the face enrolled there.
        var resized = TestSupport.PhotoEdits.Resize(sampleBytes, 0.7f);
        using (var identified = await client.PostAsync($"/v0/faces/gallery/{_gallery}/identify", ApiForms.Multipart(("photo", resized))))
        {
            var results = (await identified.JsonAsync()).GetProperty("results");
            var (key, matches) = Assert.Single(results.EnumerateObject().Select(p => (p.Name, p.Value)));
            Assert.Matches(@"^\[\d+, \d+, \d+, \d+\]$", key);
            var match = Assert.Single(matches.EnumerateArray());
            Assert.Equal(byUpload.GetProperty("id").GetInt64(), match.GetProperty("face").GetProperty("id").GetInt64());
            Assert.InRange(match.GetProperty("confidence").GetDouble(), 0.75, 1.0);
        }

        // 4.4.7 Compare two faces: an upload and a URL.
        using (var verified = await client.PostAsync("/v0/verify", ApiForms.Multipart(("photo1", resized), ("photo2", sample))))
        {
            var json = await verified.JsonAsync();
            Assert.True(json.GetProperty("verified").GetBoolean());
            var pair = Assert.Single(json.GetProperty("results").EnumerateArray());
            AssertBox(pair.GetProperty("bbox1"));
            AssertBox(pair.GetProperty("bbox2"));
            Assert.True(pair.GetProperty("verified").GetBoolean());
            Assert.InRange(pair.GetProperty("confidence").GetDouble(), 0.75, 1.0);
        }

        // 4.4.8 List faces: all, and of the custom gallery only, with the paging links.
        using (var all = await client.GetAsync("/v0/faces"))
        {
            var json = await all.JsonAsync();
            Assert.True(json.TryGetProperty("next_page", out _));
            Assert.Equal(JsonValueKind.Null, json.GetProperty("prev_page").ValueKind);
            Assert.Contains(byUrl.GetProperty("id").GetInt64(), json.GetProperty("results").Ids());
        }
        using (var custom = await client.GetAsync($"/v0/faces/gallery/{_gallery}"))
            Assert.Equal([byUpload.GetProperty("id").GetInt64()], (await custom.JsonAsync()).GetProperty("results").Ids());

        // 4.4.9 Gender, age and emotions in v1.
        using (var detected = await client.PostAsync("/v1/detect",
                   ApiForms.Multipart(("photo", photos.UrlOf("/photos/astronaut.png")), ("gender", "true"), ("emotions", "true"), ("age", "true"))))
        {
            var face = Assert.Single((await detected.JsonAsync()).GetProperty("faces").EnumerateArray());
            Assert.Equal("female", face.GetProperty("gender").GetString());
            Assert.InRange(face.GetProperty("age").GetDouble(), 15, 70);
            Assert.NotEmpty(face.GetProperty("emotions").EnumerateArray());
            Assert.All(face.GetProperty("emotions").EnumerateArray(), emotion => Assert.Equal(JsonValueKind.String, emotion.ValueKind));
        }
    }

    private static void AssertBox(JsonElement box)
    {
        Assert.True(box.GetProperty("x2").GetInt32() > box.GetProperty("x1").GetInt32());
        Assert.True(box.GetProperty("y2").GetInt32() > box.GetProperty("y1").GetInt32());
    }

    private static void AssertFaceObject(JsonElement face, string meta, string[] galleries)
    {
        Assert.True(face.GetProperty("id").GetInt64() > 0);
        Assert.True(face.GetProperty("id").GetInt64() < 1L << 53);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", face.GetProperty("timestamp").GetString());
        Assert.Matches("^[0-9a-f]{32}$", face.GetProperty("photo_hash").GetString());
        foreach (var url in new[] { "photo", "thumbnail", "normalized" })
            Assert.Contains("/uploads/", face.GetProperty(url).GetString());
        AssertBox(face);
        Assert.Equal(meta, face.GetProperty("meta").GetString());
        Assert.Equal(galleries, face.GetProperty("galleries").EnumerateArray().Select(g => g.GetString()));
    }
}
