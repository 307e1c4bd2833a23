using System.Net;
using TestSupport;

namespace Gateway.FunctionalTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class Identify_Specs(GatewayFactory gateway)
{
    private readonly string _gallery = Form.NewGallery();

    public static TheoryData<string> Edits => ["crop", "resize", "reencode", "brighten"];

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task Should_return_the_enrolled_face_first_for_an_edited_copy(string edit)
    {
        using var client = gateway.CreateAuthorizedClient();
        await client.CreateGalleryAsync(_gallery);
        var original = TestSupport.Photos.Bytes("man1.jpg");
        var enrolled = await client.EnrollAsync(original, "man one", _gallery);
        await client.EnrollAsync(TestSupport.Photos.Bytes("man2.jpg"), "man two", _gallery);
        await client.EnrollAsync(TestSupport.Photos.Bytes("astronaut.png"), "astronaut", _gallery);
        var copy = edit switch
        {
            "crop" => PhotoEdits.Crop(original, 0.1f),
            "resize" => PhotoEdits.Resize(original, 0.6f),
            "reencode" => PhotoEdits.Reencode(original, 40),
            _ => PhotoEdits.Brighten(original, 1.3f, 0.08f),
        };

        using var response = await client.PostAsync($"/v0/faces/gallery/{_gallery}/identify", ApiForms.Multipart(("photo", copy), ("n", "3"), ("threshold", "none")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var matches = Assert.Single((await response.JsonAsync()).GetProperty("results").EnumerateObject()).Value;
        Assert.Equal(3, matches.GetArrayLength());
        Assert.Equal(enrolled.GetProperty("id").GetInt64(), matches[0].GetProperty("face").GetProperty("id").GetInt64());
        Assert.True(matches[0].GetProperty("confidence").GetDouble() >= 0.7834, "an edited copy matches above the strict threshold");
        Assert.True(matches[0].GetProperty("confidence").GetDouble() > matches[1].GetProperty("confidence").GetDouble());
    }

    [Fact]
    public async Task Should_not_return_a_different_person_above_the_threshold()
    {
        using var client = gateway.CreateAuthorizedClient();
        await client.CreateGalleryAsync(_gallery);
        await client.EnrollAsync(TestSupport.Photos.Bytes("grace_hopper.jpg"), "grace", _gallery);
        await client.EnrollAsync(TestSupport.Photos.Bytes("man2.jpg"), "man two", _gallery);

        using var response = await client.PostAsync($"/v0/faces/gallery/{_gallery}/identify", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes("astronaut.png"))));

        var matches = Assert.Single((await response.JsonAsync()).GetProperty("results").EnumerateObject()).Value;
        Assert.Equal(0, matches.GetArrayLength());
    }

    [Fact]
    public async Task Should_identify_every_face_of_a_group_photo_with_mf_selector_all()
    {
        using var client = gateway.CreateAuthorizedClient();
        await client.CreateGalleryAsync(_gallery);
        var group = TestSupport.Photos.Bytes("sample1.jpg");
        using var enrolled = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", group), ("mf_selector", "all"), ("galleries", _gallery)));
        var faces = (await enrolled.JsonAsync()).GetProperty("results");
        Assert.Equal(TestSupport.Photos.GroupPhotos["sample1.jpg"], faces.GetArrayLength());

        using var response = await client.PostAsync($"/v0/faces/gallery/{_gallery}/identify",
            ApiForms.Multipart(("photo", PhotoEdits.Reencode(group, 60)), ("mf_selector", "all")));

        var results = (await response.JsonAsync()).GetProperty("results").EnumerateObject().ToList();
        Assert.Equal(faces.GetArrayLength(), results.Count);
        var found = results.Select(result => Assert.Single(result.Value.EnumerateArray()).GetProperty("face").GetProperty("id").GetInt64());
        Assert.Equal(faces.Ids().Order(), found.Order());
    }

    [Fact]
    public async Task Should_take_a_bounding_box_as_x1_y1_x2_y2_parameters()
    {
        using var client = gateway.CreateAuthorizedClient();
        await client.CreateGalleryAsync(_gallery);
        var group = TestSupport.Photos.Bytes("sample1.jpg");
        using var enrolled = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", group), ("mf_selector", "all"), ("galleries", _gallery)));
        var target = (await enrolled.JsonAsync()).GetProperty("results")[1];
        int Coordinate(string name) => target.GetProperty(name).GetInt32();

        using var boxed = await client.PostAsync($"/v0/faces/gallery/{_gallery}/identify", ApiForms.Multipart(("photo", group),
            ("x1", Coordinate("x1") - 10), ("y1", Coordinate("y1") - 10), ("x2", Coordinate("x2") + 10), ("y2", Coordinate("y2") + 10)));

        var match = Assert.Single((await boxed.JsonAsync()).GetProperty("results").EnumerateObject()).Value;
        Assert.Equal(target.GetProperty("id").GetInt64(), match[0].GetProperty("face").GetProperty("id").GetInt64());
    }
}
