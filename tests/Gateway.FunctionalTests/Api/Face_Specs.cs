using TestSupport;
using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Gateway.FunctionalTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class Face_Specs(GatewayFactory gateway)
{
    [Fact]
    public async Task Should_read_change_and_delete_a_face()
    {
        using var client = gateway.CreateAuthorizedClient();
        var photo = TestSupport.Photos.Bytes("man2.jpg");
        var enrolled = await client.EnrollAsync(photo, "before");
        var id = enrolled.GetProperty("id").GetInt64();

        using (var read = await client.GetAsync($"/v0/face/id/{id}/"))
            Assert.Equal(Unsigned(enrolled), Unsigned(await read.JsonAsync()));

        using (var changed = await client.PutAsync($"/v0/face/id/{id}/", Requests.Json("""{"meta": "Sam Berry #2"}""")))
        {
            var face = await changed.JsonAsync();
            Assert.Equal("Sam Berry #2", face.GetProperty("meta").GetString());
            Assert.Equal(enrolled.GetProperty("photo_hash").GetString(), face.GetProperty("photo_hash").GetString());
        }

        using (var deleted = await client.DeleteAsync($"/v0/face/id/{id}/"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var gone = await client.GetAsync($"/v0/face/id/{id}/"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using (var thumbnail = await client.GetAsync(new Uri(enrolled.GetProperty("thumbnail").GetString()!).PathAndQuery))
            Assert.Equal(HttpStatusCode.NotFound, thumbnail.StatusCode);
        using var search = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", photo), ("n", "1000"), ("threshold", "none")));
        var found = (await search.JsonAsync()).GetProperty("results").EnumerateObject()
            .SelectMany(result => result.Value.EnumerateArray()).Select(match => match.GetProperty("face").GetProperty("id").GetInt64());
        Assert.DoesNotContain(id, found);
    }

    // Upload links are signed for a while from each answer: two answers may carry two signatures of one file.
    private static string Unsigned(System.Text.Json.JsonElement face) =>
        System.Text.RegularExpressions.Regex.Replace(face.ToString(), @"\?expires=[0-9]+&signature=[A-Za-z0-9_-]+", "");

    [Fact]
    public async Task Should_answer_a_retry_with_the_same_idempotency_key_with_the_faces_stored_the_first_time()
    {
        using var client = gateway.CreateAuthorizedClient();
        var meta = $"retried {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var photo = TestSupport.Photos.Bytes("sample4.jpg");

        // Every face of a group photo: each is stored under the one key.
        var first = await EnrollWithKeyAsync(client, photo, meta, key);
        var retried = await EnrollWithKeyAsync(client, PhotoEdits.Reencode(photo, 70), meta + " again", key);
        var other = await EnrollWithKeyAsync(client, photo, meta, Guid.NewGuid().ToString());

        Assert.Equal(TestSupport.Photos.GroupPhotos["sample4.jpg"], first.Count);
        Assert.Equal(first, retried);
        Assert.Empty(first.Intersect(other));
        using var byMeta = await client.GetAsync($"/v1/face/meta/{Uri.EscapeDataString(meta)}");
        Assert.Equal(first.Concat(other).Order(), (await byMeta.JsonAsync()).GetProperty("results").Ids().Order());
    }

    [Fact]
    public async Task Should_refuse_an_idempotency_key_too_long_or_not_printable()
    {
        using var client = gateway.CreateAuthorizedClient();
        foreach (var key in new[] { new string('k', 256), "tab\tinside" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/face")
            {
                Content = ApiForms.Multipart(("photo", TestSupport.Photos.Bytes("man1.jpg"))),
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            await response.AssertBadParamAsync("Idempotency-Key");
        }
    }

    private static async Task<List<long>> EnrollWithKeyAsync(HttpClient client, byte[] photo, string meta, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/face")
        {
            Content = ApiForms.Multipart(("photo", photo), ("meta", meta), ("mf_selector", "all")),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("results").Ids().ToList();
    }

    [Fact]
    public async Task Should_list_faces_by_meta_and_count_them_in_the_meta_listing()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        await client.CreateGalleryAsync(gallery);
        var meta = $"Sam Berry {Guid.NewGuid():N}";
        var ids = new List<long>();
        foreach (var photo in new[] { "man1.jpg", "man2.jpg" })
            ids.Add((await client.EnrollAsync(TestSupport.Photos.Bytes(photo), meta, gallery)).GetProperty("id").GetInt64());
        await client.EnrollAsync(TestSupport.Photos.Bytes("astronaut.png"), "someone else", gallery);

        using (var byMeta = await client.GetAsync($"/v0/face/meta/{Uri.EscapeDataString(meta)}/"))
            Assert.Equal(ids.OrderDescending(), (await byMeta.JsonAsync()).GetProperty("results").Ids());
        using (var inGallery = await client.GetAsync($"/v0/face/gallery/{gallery}/meta/{Uri.EscapeDataString(meta)}"))
            Assert.Equal(ids.OrderDescending(), (await inGallery.JsonAsync()).GetProperty("results").Ids());

        using var listing = await client.GetAsync($"/v0/meta/gallery/{gallery}/");
        var metas = (await listing.JsonAsync()).GetProperty("results").EnumerateArray()
            .ToDictionary(entry => entry.GetProperty("meta").GetString()!, entry => entry);
        Assert.Equal(2, metas.Count);
        Assert.Equal(2, metas[meta].GetProperty("count").GetInt32());
        Assert.Equal(ids.Min(), metas[meta].GetProperty("face").GetProperty("id").GetInt64());
        Assert.Equal(1, metas["someone else"].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Should_delete_every_face_with_a_meta_and_list_a_gallery_by_meta_under_findface_cloud_paths()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        await client.CreateGalleryAsync(gallery);
        var meta = $"cloud {Guid.NewGuid():N}";
        var ids = new List<long>();
        foreach (var photo in new[] { "man1.jpg", "man2.jpg" })
            ids.Add((await client.EnrollAsync(TestSupport.Photos.Bytes(photo), meta, gallery)).GetProperty("id").GetInt64());
        var kept = (await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), meta + " kept", gallery)).GetProperty("id").GetInt64();

        using (var listed = await client.GetAsync($"/v0/faces/gallery/{gallery}/meta/{Uri.EscapeDataString(meta)}"))
            Assert.Equal(ids.OrderDescending(), (await listed.JsonAsync()).GetProperty("results").Ids());
        using (var deleted = await client.DeleteAsync($"/v0/face/meta/{Uri.EscapeDataString(meta)}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        foreach (var id in ids)
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v0/face/id/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v0/face/id/{kept}")).StatusCode);
        using var search = await client.PostAsync($"/v0/faces/gallery/{gallery}/identify",
            ApiForms.Multipart(("photo", TestSupport.Photos.Bytes("man2.jpg")), ("n", "10"), ("threshold", "none")));
        var found = (await search.JsonAsync()).GetProperty("results").EnumerateObject()
            .SelectMany(result => result.Value.EnumerateArray()).Select(match => match.GetProperty("face").GetProperty("id").GetInt64());
        Assert.Equal([kept], found);
        using (var none = await client.DeleteAsync($"/v0/face/meta/{Uri.EscapeDataString(meta)}"))
            Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
    }

    [Fact]
    public async Task Should_estimate_and_show_gender_age_and_emotions_as_each_v1_request_asks()
    {
        using var client = gateway.CreateAuthorizedClient();
        var photo = TestSupport.Photos.Bytes("astronaut.png");

        // Facenapi:Gae is on here: a flag set to false leaves its attribute out, the others follow the default.
        using var enrolled = await client.PostAsync("/v1/face", ApiForms.Multipart(("photo", photo), ("meta", "flags"), ("emotions", "false")));
        var face = (await enrolled.JsonAsync()).GetProperty("results")[0];
        Assert.Equal("female", face.GetProperty("gender").GetString());
        Assert.True(face.TryGetProperty("age", out _));
        Assert.False(face.TryGetProperty("emotions", out _));
        using (var stored = await client.GetAsync($"/v1/face/id/{face.GetProperty("id").GetInt64()}"))
            Assert.False((await stored.JsonAsync()).TryGetProperty("emotions", out _));

        using var identified = await client.PostAsync("/v1/identify", ApiForms.Multipart(("photo", photo), ("gender", "false")));
        var match = (await identified.JsonAsync()).GetProperty("results").EnumerateObject().Single().Value[0].GetProperty("face");
        Assert.False(match.TryGetProperty("gender", out _));
        Assert.True(match.TryGetProperty("age", out _));

        using var verified = await client.PostAsync("/v1/verify",
            ApiForms.Multipart(("photo1", photo), ("photo2", photo), ("gender", "true"), ("age", "true")));
        var pair = (await verified.JsonAsync()).GetProperty("results")[0];
        Assert.Equal(("female", "female"), (pair.GetProperty("bbox1").GetProperty("gender").GetString(), pair.GetProperty("bbox2").GetProperty("gender").GetString()));
        Assert.True(pair.GetProperty("bbox1").TryGetProperty("age", out _));
        Assert.False(pair.GetProperty("bbox1").TryGetProperty("emotions", out _));
        using var plain = await client.PostAsync("/v1/verify", ApiForms.Multipart(("photo1", photo), ("photo2", photo)));
        Assert.False((await plain.JsonAsync()).GetProperty("results")[0].GetProperty("bbox1").TryGetProperty("gender", out _));
    }

    [Fact]
    public async Task Should_return_gender_age_and_emotions_in_v1_only()
    {
        using var client = gateway.CreateAuthorizedClient();
        var id = (await client.EnrollAsync(TestSupport.Photos.Bytes("astronaut.png"), "v1")).GetProperty("id").GetInt64();

        using var v0 = await client.GetAsync($"/v0/face/id/{id}");
        using var v1 = await client.GetAsync($"/v1/face/id/{id}");

        Assert.False((await v0.JsonAsync()).TryGetProperty("gender", out _));
        var face = await v1.JsonAsync();
        Assert.Equal("female", face.GetProperty("gender").GetString());
        Assert.InRange(face.GetProperty("age").GetDouble(), 15, 70);
        Assert.NotEmpty(face.GetProperty("emotions").EnumerateArray());
    }

    [Fact]
    public async Task Should_refuse_several_faces_with_mf_selector_reject_and_list_them()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v0/face", ApiForms.Multipart(
            ("photo", TestSupport.Photos.Bytes("sample2.jpg")), ("mf_selector", "reject")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        var count = TestSupport.Photos.GroupPhotos["sample2.jpg"];
        Assert.Equal(count, error.GetProperty("faces").GetArrayLength());
        Assert.Equal($"Too many faces: {count}", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Should_enroll_every_face_with_mf_selector_all_and_the_biggest_by_default()
    {
        using var client = gateway.CreateAuthorizedClient();
        var group = TestSupport.Photos.Bytes("sample3.jpg");

        using var all = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", group), ("mf_selector", "all")));
        using var biggest = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", group)));

        var faces = (await all.JsonAsync()).GetProperty("results");
        Assert.Equal(TestSupport.Photos.GroupPhotos["sample3.jpg"], faces.GetArrayLength());
        var one = Assert.Single((await biggest.JsonAsync()).GetProperty("results").EnumerateArray());
        int Area(System.Text.Json.JsonElement f) => (f.GetProperty("x2").GetInt32() - f.GetProperty("x1").GetInt32()) * (f.GetProperty("y2").GetInt32() - f.GetProperty("y1").GetInt32());
        Assert.Equal(faces.EnumerateArray().Max(Area), Area(one));
    }

    [Fact]
    public async Task Should_put_the_configured_public_url_in_front_of_upload_links()
    {
        await using var published = gateway.WithWebHostBuilder(builder => builder.UseSetting("Upload:PublicUrl", "http://faces.example:3333/"));
        using var client = published.CreateTokenClient();

        var face = await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), "published");

        foreach (var link in new[] { "photo", "thumbnail", "normalized" })
            Assert.StartsWith("http://faces.example:3333/uploads/", face.GetProperty(link).GetString());
    }

    [Fact]
    public async Task Should_answer_NOT_FOUND_for_an_unknown_face_and_BAD_PARAM_for_a_malformed_id()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var unknown = await client.GetAsync("/v0/face/id/12345/");
        using var malformed = await client.DeleteAsync("/v0/face/id/abc/");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("id", (await malformed.JsonAsync()).GetProperty("param").GetString());
    }
}
