using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Http;
using TestSupport;
using TestPhotos = TestSupport.Photos;

namespace Gateway.FunctionalTests.Security;

/// <summary>
/// Hostile input on every route family (the table of SECURITY.md): each is answered in the spec's error shape (9.1.10: code
/// and reason, param and value for BAD_PARAM) with its status, the process goes on serving, and every face enrolled before
/// is unchanged in the store and in the index.
/// </summary>
public sealed class HostileInput_Specs(HostileGateway gateway) : IClassFixture<HostileGateway>
{
    /// <summary>One hostile request and the answer it must get.</summary>
    /// <param name="Param">For BAD_PARAM: the parameter the answer names.</param>
    /// <param name="Token">The Authorization header's value; the suite's valid token unless given.</param>
    public sealed record HostileCase(string Family, HttpStatusCode Status, string Code, string? Param, Func<HostileGateway, HttpRequestMessage> Request,
        string? Token = "Token " + GatewayFactory.Token);

    private const string AnyPhotoUrl = "http://example.com/a.jpg";

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Delete(string path) => new(HttpMethod.Delete, path);

    private static HttpRequestMessage Post(string path, HttpContent? content) => new(HttpMethod.Post, path) { Content = content };

    private static HttpRequestMessage Put(string path, HttpContent? content) => new(HttpMethod.Put, path) { Content = content };

    private static HttpRequestMessage PostJson(string path, string json) => Post(path, Requests.Json(json));

    private static HttpRequestMessage PostPhoto(string path, byte[] photo, params (string Name, object Value)[] fields) =>
        Post(path, ApiForms.Multipart([("photo", photo), .. fields]));

    private static string Boxes(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"[{i}, 0, {i + 10}, 10]")) + "]";

    private static string Facen(IEnumerable<float> values) =>
        Convert.ToBase64String(values.SelectMany(BitConverter.GetBytes).ToArray());

    private static string ExtractRequests(int count) =>
        JsonSerializer.Serialize(new { requests = Enumerable.Repeat(new { image = "multipart:photo", need_facen = true }, count) });

    /// <summary>The cases by name (theory data holds names: xunit serializes theory data, and photos are built when asked).</summary>
    public static readonly IReadOnlyDictionary<string, HostileCase> Cases = new Dictionary<string, HostileCase>
    {
        // auth
        ["auth: no Authorization header"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null, _ => Get("/v1/faces"), Token: null),
        ["auth: wrong token"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null, _ => Get("/v1/faces"), "Token wrong-token_wrong-token_wrong-tok"),
        ["auth: short token guessed"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null, _ => Get("/v0/galleries"), "Token AAAA-BBBB"),
        ["auth: Bearer scheme"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null, _ => Get("/v1/faces"), "Bearer " + GatewayFactory.Token),
        ["auth: SQL in the token"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null, _ => Get("/v1/faces"), "Token ' OR '1'='1"),
        ["auth: 64 KB token"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null, _ => Get("/v1/faces"), "Token " + new string('A', 65_536)),
        ["auth: enroll without a token"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null,
            _ => PostPhoto("/v0/face", TestPhotos.Bytes("man1.jpg")), Token: null),
        ["auth: camera without a token"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null,
            _ => PostJson("/v1/camera", """{"url": "rtsp://10.0.0.1/1"}"""), Token: null),
        ["auth: direct shard API without a token"] = new("auth", HttpStatusCode.Unauthorized, "AUTH_FAILED", null, _ => Get("/v1/stat/list/1/10"), Token: null),

        // uploads
        ["uploads: traversal to metadata.db"] = new("uploads", HttpStatusCode.NotFound, "NOT_FOUND", null, _ => Get("/uploads/../metadata.db")),
        ["uploads: encoded traversal"] = new("uploads", HttpStatusCode.NotFound, "NOT_FOUND", null, _ => Get("/uploads/%2e%2e/metadata.db")),
        ["uploads: no such file"] = new("uploads", HttpStatusCode.NotFound, "NOT_FOUND", null, _ => Get("/uploads/2026-01-01/1.jpeg")),
        ["uploads: folder listing"] = new("uploads", HttpStatusCode.NotFound, "NOT_FOUND", null, _ => Get("/uploads/")),
        ["uploads: unknown route"] = new("uploads", HttpStatusCode.NotFound, "NOT_FOUND", null, _ => Get("/v1/no-such-route/at-all")),

        // images
        ["images: text as a photo"] = new("images", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostPhoto("/v1/detect", HostileImages.Text)),
        ["images: empty photo"] = new("images", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostPhoto("/v1/detect", [])),
        ["images: truncated JPEG"] = new("images", HttpStatusCode.BadRequest, "BAD_PARAM", "photo",
            _ => PostPhoto("/v0/face", HostileImages.Truncated(TestPhotos.Bytes("grace_hopper.jpg")))),
        ["images: GIF"] = new("images", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostPhoto("/v0/identify", HostileImages.Gif)),
        ["images: PNG claiming 50000x50000 (decompression bomb)"] = new("images", HttpStatusCode.BadRequest, "BAD_PARAM", "photo",
            _ => PostPhoto("/v0/face", HostileImages.PngClaiming(50_000, 50_000))),
        ["images: 12 MB photo"] = new("images", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostPhoto("/v1/detect", HostileImages.Huge(12 * 1024 * 1024))),
        ["images: verify with a bomb as photo2"] = new("images", HttpStatusCode.BadRequest, "BAD_PARAM", "photo2",
            _ => Post("/v1/verify", ApiForms.Multipart(("photo1", TestPhotos.Bytes("man1.jpg")), ("photo2", HostileImages.PngClaiming(50_000, 50_000))))),
        ["images: 40 MB body"] = new("images", HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE", null,
            _ => PostPhoto("/v1/detect", HostileImages.Huge(40 * 1024 * 1024))),

        // bodies
        ["bodies: malformed JSON"] = new("bodies", HttpStatusCode.BadRequest, "MALFORMED_JSON", null, _ => PostJson("/v0/identify", """{"photo": """)),
        ["bodies: JSON array instead of an object"] = new("bodies", HttpStatusCode.BadRequest, "MALFORMED_JSON", null, _ => PostJson("/v0/identify", "[1, 2, 3]")),
        ["bodies: JSON nested 10,000 deep"] = new("bodies", HttpStatusCode.BadRequest, "MALFORMED_JSON", null,
            _ => PostJson("/v0/face", "{\"meta\": " + new string('[', 10_000) + new string(']', 10_000) + "}")),
        ["bodies: photo as a number"] = new("bodies", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostJson("/v1/detect", """{"photo": 42}""")),
        ["bodies: threshold as text"] = new("bodies", HttpStatusCode.BadRequest, "BAD_PARAM", "threshold",
            _ => PostJson("/v0/identify", $$"""{"photo": "{{AnyPhotoUrl}}", "threshold": "loose"}""")),
        ["bodies: meta as an object"] = new("bodies", HttpStatusCode.BadRequest, "BAD_PARAM", "meta",
            _ => PostJson("/v0/face", JsonSerializer.Serialize(new { photo = AnyPhotoUrl, meta = new { a = 1 } }))),
        ["bodies: multipart without its boundary"] = new("bodies", HttpStatusCode.BadRequest, "BAD_REQUEST", null, _ =>
        {
            var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--x\r\nContent-Disposition: form-data; name=\"photo\"\r\n\r\nabc"));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
            return Post("/v1/detect", content);
        }),
        ["bodies: multipart of 1,025 parts"] = new("bodies", HttpStatusCode.BadRequest, "BAD_REQUEST", null, _ =>
        {
            var form = ApiForms.Multipart(("photo", TestPhotos.Bytes("man1.jpg")));
            for (var i = 0; i < MultipartBody.MaxParts; i++)
                form.Add(new StringContent("x"), $"field{i}");
            return Post("/v1/detect", form);
        }),
        ["bodies: extract body not JSON"] = new("bodies", HttpStatusCode.BadRequest, "MALFORMED_JSON", null, _ => PostJson("/v1/extract", "requests=1")),
        ["bodies: extract requests as a string"] = new("bodies", HttpStatusCode.BadRequest, "BAD_PARAM", "requests",
            _ => PostJson("/v1/extract", """{"requests": "all"}""")),
        ["bodies: wrong method"] = new("bodies", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED", null, _ => Put("/v1/detect", Requests.Json("{}"))),

        // parameters
        ["parameters: n of 1001"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "n", _ => PostJson("/v0/identify", $$"""{"photo": "{{AnyPhotoUrl}}", "n": 1001}""")),
        ["parameters: n of 10^20"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "n",
            _ => PostJson("/v0/identify", $$"""{"photo": "{{AnyPhotoUrl}}", "n": 100000000000000000000}""")),
        ["parameters: threshold 1.5"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "threshold",
            _ => PostJson("/v0/identify", $$"""{"photo": "{{AnyPhotoUrl}}", "threshold": 1.5}""")),
        ["parameters: mf_selector unknown"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "mf_selector",
            _ => PostJson("/v0/identify", $$"""{"photo": "{{AnyPhotoUrl}}", "mf_selector": "first"}""")),
        ["parameters: limit of 0"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "limit", _ => Get("/v0/faces?limit=0")),
        ["parameters: limit of a million"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "limit", _ => Get("/v0/faces?limit=1000000")),
        ["parameters: max_id not a number"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "max_id", _ => Get("/v0/faces?max_id=1;DROP")),
        ["parameters: meta of 4097 characters"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "meta",
            _ => PostJson("/v0/face", JsonSerializer.Serialize(new { photo = AnyPhotoUrl, meta = new string('m', 4097) }))),
        ["parameters: bbox with x2 < x1"] = new("parameters", HttpStatusCode.BadRequest, "BAD_PARAM", "bbox",
            _ => PostJson("/v0/face", $$"""{"photo": "{{AnyPhotoUrl}}", "bbox": [[50, 10, 5, 20]]}""")),

        // names
        ["names: gallery of 49 characters"] = new("names", HttpStatusCode.BadRequest, "BAD_PARAM", "gallery", _ => Post($"/v0/galleries/{new string('g', 49)}", null)),
        ["names: gallery with a space"] = new("names", HttpStatusCode.BadRequest, "BAD_PARAM", "gallery", _ => Post("/v0/galleries/staff%20room", null)),
        ["names: gallery with a traversal"] = new("names", HttpStatusCode.BadRequest, "BAD_PARAM", "gallery", _ => Post("/v0/galleries/..%2F..%2Fetc", null)),
        ["names: enroll into a gallery with a quote"] = new("names", HttpStatusCode.BadRequest, "BAD_PARAM", "galleries",
            _ => PostJson("/v0/face", $$"""{"photo": "{{AnyPhotoUrl}}", "galleries": ["x'; DROP TABLE faces; --"]}""")),
        ["names: cam_id with a space"] = new("names", HttpStatusCode.BadRequest, "BAD_PARAM", "cam_id",
            _ => PostJson("/v0/face", $$"""{"photo": "{{AnyPhotoUrl}}", "cam_id": "front door"}""")),
        ["names: camera detector with a slash"] = new("names", HttpStatusCode.BadRequest, "BAD_PARAM", "detector",
            _ => PostJson("/v1/camera", """{"url": "rtsp://10.0.0.1/1", "detector": "../../etc"}""")),

        // photo URLs
        ["photo URLs: loopback"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostJson("/v1/detect", """{"photo": "http://127.0.0.1:8000/v1/faces"}""")),
        ["photo URLs: IPv6 loopback"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostJson("/v1/detect", """{"photo": "http://[::1]/a.jpg"}""")),
        ["photo URLs: cloud metadata"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo",
            _ => PostJson("/v0/identify", """{"photo": "http://169.254.169.254/latest/meta-data/"}""")),
        ["photo URLs: private network"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostJson("/v0/face", """{"photo": "http://10.0.0.1/a.jpg"}""")),
        ["photo URLs: loopback as a decimal number"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo",
            _ => PostJson("/v1/detect", """{"photo": "http://2130706433/a.jpg"}""")),
        ["photo URLs: IPv4-mapped loopback"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo",
            _ => PostJson("/v1/detect", """{"photo": "http://[::ffff:127.0.0.1]/a.jpg"}""")),
        ["photo URLs: file scheme"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo", _ => PostJson("/v1/detect", """{"photo": "file:///etc/passwd"}""")),
        ["photo URLs: verify photo1 on loopback"] = new("photo URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "photo1",
            _ => PostJson("/v0/verify", """{"photo1": "http://localhost/a.jpg", "photo2": "http://localhost/b.jpg"}""")),

        // camera URLs
        ["camera URLs: file outside the media root"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url", _ => PostJson("/v1/camera", """{"url": "file@25:/etc/passwd"}""")),
        ["camera URLs: file through a link out of the media root"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url",
            g => PostJson("/v1/camera", JsonSerializer.Serialize(new { url = $"file@25:{g.MediaRoot}/escape.mp4" }))),
        ["camera URLs: file through .. out of the media root"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url",
            g => PostJson("/v1/camera", JsonSerializer.Serialize(new { url = $"file@25:{g.MediaRoot}/../{Path.GetFileName(g.Outside)}/secret" }))),
        ["camera URLs: SSH key"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url", _ => PostJson("/v0/camera", """{"url": "file@25:/root/.ssh/id_rsa"}""")),
        ["camera URLs: tcp listening on every interface"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url",
            _ => PostJson("/v1/camera", """{"url": "tcp://0.0.0.0:9000?listen=1"}""")),
        ["camera URLs: udp on every interface"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url", _ => PostJson("/v1/camera", """{"url": "udp://0.0.0.0:5000"}""")),
        ["camera URLs: udp with a local port"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url",
            _ => PostJson("/v1/camera", """{"url": "udp://10.0.0.1:5000?localport=22"}""")),
        ["camera URLs: cloud metadata"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url",
            _ => PostJson("/v1/camera", """{"url": "http://169.254.169.254/latest/"}""")),
        ["camera URLs: loopback RTSP"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url", _ => PostJson("/v1/camera", """{"url": "rtsp://127.0.0.1:8554/x"}""")),
        ["camera URLs: localhost by name"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url", _ => PostJson("/v1/camera", """{"url": "http://localhost:8000/v1/faces"}""")),
        ["camera URLs: concat of files"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url",
            _ => PostJson("/v1/camera", """{"url": "concat:/etc/passwd|/etc/shadow"}""")),
        ["camera URLs: PUT to a file"] = new("camera URLs", HttpStatusCode.BadRequest, "BAD_PARAM", "url",
            _ => Put("/v1/camera/7bb35e9d-9f4f-4e5b-8811-e1dded6de811", Requests.Json("""{"url": "file@25:/etc/shadow"}"""))),

        // limits
        ["limits: 65 extract requests"] = new("limits", HttpStatusCode.BadRequest, "BAD_PARAM", "requests",
            _ => Post("/v1/extract", Requests.Multipart(ExtractRequests(65), ("photo", TestPhotos.Bytes("man1.jpg"))))),
        ["limits: 101 boxes"] = new("limits", HttpStatusCode.BadRequest, "BAD_PARAM", "bbox",
            _ => PostJson("/v0/face", $$"""{"photo": "{{AnyPhotoUrl}}", "bbox": {{Boxes(101)}}}""")),
        ["limits: 101 boxes on verify"] = new("limits", HttpStatusCode.BadRequest, "BAD_PARAM", "bbox2",
            _ => PostJson("/v0/verify", $$"""{"photo1": "{{AnyPhotoUrl}}", "photo2": "{{AnyPhotoUrl}}", "bbox2": {{Boxes(101)}}}""")),
        ["limits: every face of a photo beyond the face limit"] = new("limits", HttpStatusCode.BadRequest, "BAD_PARAM", "photo",
            _ => PostPhoto("/v1/detect", TestPhotos.Bytes("sample5.jpg"))),
        ["limits: enroll every face beyond the face limit"] = new("limits", HttpStatusCode.BadRequest, "BAD_PARAM", "photo",
            _ => PostPhoto("/v0/face", TestPhotos.Bytes("sample5.jpg"), ("mf_selector", (object)"all"))),

        // direct shard API
        ["shards: facen not base64"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "facen", _ => Post("/v1/default/add/99", new StringContent("%%%not base64%%%"))),
        ["shards: facen of the wrong length"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "facen",
            _ => Post("/v1/default/add/99", new StringContent(Facen(Enumerable.Repeat(0.5f, 4))))),
        ["shards: facen of NaN"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "facen",
            _ => Post("/v1/default/add/99", new StringContent(Facen(Enumerable.Repeat(float.NaN, 512))))),
        ["shards: facen not of unit length"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "facen",
            _ => Post("/v1/default/add/99", new StringContent(Facen(Enumerable.Repeat(1f, 512))))),
        ["shards: search with a negative limit"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "limit",
            _ => Post("/v1/default/search/-1/0.5", new StringContent(Facen(Enumerable.Repeat(1f / MathF.Sqrt(512), 512))))),
        ["shards: search with a threshold of 2"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "threshold",
            _ => Post("/v1/default/search/10/2", new StringContent(Facen(Enumerable.Repeat(1f / MathF.Sqrt(512), 512))))),
        ["shards: get an id that is no number"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "id", _ => Get("/v1/default/get/1e3")),
        ["shards: delete from a gallery with a bad name"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "name", _ => Delete("/v1/bad%20name/del/1")),
        ["shards: list of a billion"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "count", _ => Get("/v1/default/list/0/1000000000")),
        ["shards: stat list with a negative start"] = new("shards", HttpStatusCode.BadRequest, "BAD_PARAM", "start", _ => Get("/v1/stat/list/-5/10")),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Should_answer_in_the_specs_error_shape_and_keep_every_enrolled_face(string name)
    {
        var hostile = Cases[name];
        using var client = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = hostile.Request(gateway);
        if (hostile.Token is { } token)
            request.Headers.TryAddWithoutValidation("Authorization", token);

        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == hostile.Status, $"{(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        var error = body.RootElement;
        Assert.Equal(hostile.Code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()), text);
        if (hostile.Param is { } param)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
            Assert.True(error.TryGetProperty("value", out _), text);
        }
        Assert.DoesNotContain("   at ", text);

        using var authorized = gateway.CreateAuthorizedClient();
        Assert.Equal(gateway.Enrolled, await gateway.ReadEnrolledAsync(authorized, gateway.Enrolled.Keys));
    }

    [Fact]
    public void Should_cover_every_route_family_with_at_least_60_cases()
    {
        string[] families = ["auth", "uploads", "images", "bodies", "parameters", "names", "photo URLs", "camera URLs", "limits", "shards"];
        Assert.Equal(families.Order(), Cases.Values.Select(c => c.Family).Distinct().Order());
        Assert.InRange(Cases.Count, 60, int.MaxValue);
    }
}
