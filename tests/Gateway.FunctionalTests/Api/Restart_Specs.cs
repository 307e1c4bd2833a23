using System.Text.RegularExpressions;
using TestSupport;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Gateway.FunctionalTests.Api;

public sealed partial class Restart_Specs : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("facepipe-restart-").FullName;

    [Fact]
    public async Task Should_keep_every_face_gallery_and_token_and_identify_the_same_after_a_restart()
    {
        var photo = TestSupport.Photos.Bytes("sample1.jpg");
        string token, galleriesBefore, facesBefore, identifyBefore;
        await using (var first = new GatewayOnDataDir(_dataDir))
        {
            using var client = first.CreateAuthorizedClient();
            await client.CreateGalleryAsync("kept");
            using (var enrolled = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", photo), ("mf_selector", "all"), ("galleries", "kept"))))
                Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
            token = await MakeTokenAsync(first);
            (galleriesBefore, facesBefore, identifyBefore) = await SnapshotAsync(client, photo);
        }

        await using var second = new GatewayOnDataDir(_dataDir);
        using var again = second.CreateAuthorizedClient();
        var (galleriesAfter, facesAfter, identifyAfter) = await SnapshotAsync(again, photo);

        Assert.Equal(galleriesBefore, galleriesAfter);
        Assert.Equal(facesBefore, facesAfter);
        Assert.Equal(identifyBefore, identifyAfter);
        using var withMadeToken = second.CreateClient();
        withMadeToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await withMadeToken.GetAsync("/v0/galleries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_identify_a_camera_s_persons_after_a_restart_as_before()
    {
        (string, string)[] persons = [("Facenapi:PersonIdentify", "true")];
        var camera = Persons_Specs.NewCamera();
        var man = TestSupport.Photos.Bytes("man1.jpg");
        long person;
        await using (var first = new GatewayOnDataDir(_dataDir, persons))
        {
            using var client = first.CreateAuthorizedClient();
            person = (await Persons_Specs.PostAsync(client, man, camera)).GetProperty("person_id").GetInt64();
        }

        await using var second = new GatewayOnDataDir(_dataDir, persons);
        using var again = second.CreateAuthorizedClient();
        var later = await Persons_Specs.PostAsync(again, TestSupport.PhotoEdits.Resize(man, 0.7f), camera);

        Assert.Equal(person, later.GetProperty("person_id").GetInt64());
    }

    private static async Task<string> MakeTokenAsync(GatewayFactory gateway)
    {
        var token = Gateway.Auth.Tokens.New(isShort: false);
        await gateway.Services.GetRequiredService<Gateway.Auth.ITokenStore>().AddAsync(token, Gateway.Auth.TokenScope.Api);
        return token;
    }

    private static async Task<(string Galleries, string Faces, string Identify)> SnapshotAsync(HttpClient client, byte[] photo)
    {
        using var galleries = await client.GetAsync("/v0/galleries");
        using var faces = await client.GetAsync("/v1/faces/gallery/kept/");
        using var identify = await client.PostAsync("/v0/faces/gallery/kept/identify",
            ApiForms.Multipart(("photo", TestSupport.PhotoEdits.Reencode(photo, 70)), ("mf_selector", "all"), ("n", "3"), ("threshold", "none")));
        Assert.Equal(HttpStatusCode.OK, identify.StatusCode);
        var faceList = await faces.JsonAsync();
        Assert.Equal(TestSupport.Photos.GroupPhotos["sample1.jpg"], faceList.GetProperty("results").GetArrayLength());
        return ((await galleries.JsonAsync()).ToString(), Unsigned(faceList.ToString()), Unsigned(Canonical(await identify.JsonAsync())));
    }

    // Upload URLs are signed until a whole minute; the two snapshots may fall on either side of one.
    private static string Unsigned(string json) => SignedQuery().Replace(json, "");

    [GeneratedRegex(@"\?expires=\d+&signature=[A-Za-z0-9_-]+")]
    private static partial Regex SignedQuery();

    // Confidences as the index computes them; the order of the boxes' keys is not part of the answer.
    private static string Canonical(JsonElement identify) => string.Join("\n", identify.GetProperty("results").EnumerateObject()
        .OrderBy(result => result.Name).Select(result => result.Name + " " + result.Value));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);
}
