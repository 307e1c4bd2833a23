using TestSupport;
using System.Net;

namespace Gateway.FunctionalTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class Galleries_Specs(GatewayFactory gateway)
{
    [Fact]
    public async Task Should_search_only_the_faces_of_the_gallery_asked()
    {
        using var client = gateway.CreateAuthorizedClient();
        var (first, second) = (Form.NewGallery(), Form.NewGallery());
        await client.CreateGalleryAsync(first);
        await client.CreateGalleryAsync(second);
        var photo = TestSupport.Photos.Bytes("man1.jpg");
        var inFirst = await client.EnrollAsync(photo, "first", first);
        var inSecond = await client.EnrollAsync(photo, "second", second);

        Assert.Equal([inFirst.GetProperty("id").GetInt64()], await IdentifyAsync(client, first, photo));
        Assert.Equal([inSecond.GetProperty("id").GetInt64()], await IdentifyAsync(client, second, photo));
    }

    [Fact]
    public async Task Should_add_delete_and_set_the_galleries_of_a_face()
    {
        using var client = gateway.CreateAuthorizedClient();
        var (a, b, c) = (Form.NewGallery(), Form.NewGallery(), Form.NewGallery());
        foreach (var gallery in new[] { a, b, c })
            await client.CreateGalleryAsync(gallery);
        var photo = TestSupport.Photos.Bytes("man2.jpg");
        var id = (await client.EnrollAsync(photo, "moving", a)).GetProperty("id").GetInt64();

        await PutGalleriesAsync(client, id, "add", b);
        Assert.Equal([id], await IdentifyAsync(client, b, photo));
        await PutGalleriesAsync(client, id, "del", a);
        Assert.Empty(await IdentifyAsync(client, a, photo));
        var face = await PutGalleriesAsync(client, id, "set", c);

        Assert.Equal(["default", c], face.GetProperty("galleries").EnumerateArray().Select(g => g.GetString()));
        Assert.Empty(await IdentifyAsync(client, b, photo));
        Assert.Equal([id], await IdentifyAsync(client, c, photo));
    }

    [Fact]
    public async Task Should_delete_a_gallery_with_its_faces()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        await client.CreateGalleryAsync(gallery);
        var photo = TestSupport.Photos.Bytes("astronaut.png");
        var id = (await client.EnrollAsync(photo, "doomed", gallery)).GetProperty("id").GetInt64();

        using var deleted = await client.DeleteAsync($"/v0/galleries/{gallery}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var face = await client.GetAsync($"/v0/face/id/{id}");
        Assert.Equal(HttpStatusCode.NotFound, face.StatusCode);
        using var galleries = await client.GetAsync("/v0/galleries");
        Assert.DoesNotContain(gallery, (await galleries.JsonAsync()).GetProperty("results").EnumerateArray().Select(g => g.GetString()));
        Assert.DoesNotContain(id, await IdentifyAsync(client, "default", photo));
        using var listed = await client.GetAsync($"/v0/faces/gallery/{gallery}");
        Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
    }

    [Theory]
    [InlineData("POST", "default", HttpStatusCode.Conflict, "CONFLICT")]
    [InlineData("DELETE", "default", HttpStatusCode.BadRequest, "BAD_PARAM")]
    [InlineData("POST", "bad.name", HttpStatusCode.BadRequest, "BAD_PARAM")]
    [InlineData("POST", "a_name_that_is_longer_than_forty_eight_characters_x", HttpStatusCode.BadRequest, "BAD_PARAM")]
    [InlineData("DELETE", "nosuchgallery", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("POST", "staff%0A", HttpStatusCode.BadRequest, "BAD_PARAM")]
    [InlineData("POST", "staff%0D%0A", HttpStatusCode.BadRequest, "BAD_PARAM")]
    public async Task Should_refuse_what_the_gallery_rules_forbid(string method, string gallery, HttpStatusCode status, string code)
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/v0/galleries/{gallery}"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Should_create_a_gallery_named_in_the_body_as_findface_cloud_clients_do()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();

        using var created = await client.PostAsync("/v0/galleries", Requests.Json($$"""{"name": "{{gallery}}"}"""));
        using var again = await client.PostAsync("/v0/galleries", Form.UrlEncoded(("name", gallery)));
        using var nameless = await client.PostAsync("/v0/galleries", Requests.Json("{}"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(gallery, (await created.JsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await nameless.AssertBadParamAsync("name");
        Assert.Contains(gallery, (await (await client.GetAsync("/v0/galleries")).JsonAsync()).GetProperty("results").EnumerateArray()
            .Select(name => name.GetString()));
    }

    [Fact]
    public async Task Should_refuse_a_camera_id_that_ends_in_a_newline()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes("man1.jpg")), ("cam_id", "cam1\n")));

        await response.AssertBadParamAsync("cam_id");
    }

    [Fact]
    public async Task Should_refuse_to_create_a_gallery_twice()
    {
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        await client.CreateGalleryAsync(gallery);

        using var again = await client.PostAsync($"/v0/galleries/{gallery}", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_to_enroll_into_a_gallery_that_does_not_exist()
    {
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PostAsync("/v0/face", ApiForms.Multipart(
            ("photo", TestSupport.Photos.Bytes("man1.jpg")), ("galleries", Form.NewGallery())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("galleries", (await response.JsonAsync()).GetProperty("param").GetString());
    }

    private static async Task<List<long>> IdentifyAsync(HttpClient client, string gallery, byte[] photo)
    {
        using var response = await client.PostAsync($"/v0/faces/gallery/{gallery}/identify", ApiForms.Multipart(("photo", photo), ("n", "10")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("results").EnumerateObject()
            .SelectMany(result => result.Value.EnumerateArray()).Select(match => match.GetProperty("face").GetProperty("id").GetInt64()).ToList();
    }

    private static async Task<System.Text.Json.JsonElement> PutGalleriesAsync(HttpClient client, long id, string change, string gallery)
    {
        using var response = await client.PutAsync($"/v0/face/id/{id}/", Requests.Json($$$"""{"galleries": {"{{{change}}}": ["{{{gallery}}}"]}}"""));
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }
}
