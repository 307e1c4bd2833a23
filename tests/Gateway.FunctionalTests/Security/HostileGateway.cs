using System.Net;
using System.Text.RegularExpressions;
using TestSupport;
using TestPhotos = TestSupport.Photos;

namespace Gateway.FunctionalTests.Security;

/// <summary>A gateway with a media root for file cameras and a low face limit, holding faces enrolled before any hostile
/// request, whose records and index entries the hostile-input specs compare after each request.</summary>
public sealed partial class HostileGateway : GatewayFactory, IAsyncLifetime
{
    /// <summary>Faces a photo may have described here (<c>Nnd:MaxFaces</c>): the group photos hold more.</summary>
    public const int MaxFaces = 2;

    public const string EnrolledMeta = "hostile-suite-enrolled";

    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("facepipe-media-").FullName;
    public string Outside { get; } = Directory.CreateTempSubdirectory("facepipe-outside-").FullName;

    /// <summary>Each enrolled face's record (GET /v1/face/id) and index entry (GET /v1/default/get), as first read.</summary>
    public IReadOnlyDictionary<long, (string Record, string Indexed)> Enrolled { get; private set; } = new Dictionary<long, (string, string)>();

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Video:MediaRoot", MediaRoot),
        ("Nnd:MaxFaces", MaxFaces.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(MediaRoot, "entrance.mp4"), "not really a video");
        File.WriteAllText(Path.Combine(Outside, "secret"), "key");
        File.CreateSymbolicLink(Path.Combine(MediaRoot, "escape.mp4"), Path.Combine(Outside, "secret"));

        using var client = CreateAuthorizedClient();
        var ids = new List<long>();
        foreach (var portrait in TestPhotos.Portraits.Keys)
        {
            using var response = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", TestPhotos.Bytes(portrait)), ("meta", EnrolledMeta)));
            var body = await response.JsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
            ids.Add(body.GetProperty("results")[0].GetProperty("id").GetInt64());
        }
        Enrolled = await ReadEnrolledAsync(client, ids);
    }

    /// <summary>The enrolled faces as they are now.</summary>
    public async Task<IReadOnlyDictionary<long, (string Record, string Indexed)>> ReadEnrolledAsync(HttpClient client, IEnumerable<long> ids)
    {
        var faces = new Dictionary<long, (string, string)>();
        foreach (var id in ids)
            faces[id] = (await ReadAsync(client, $"/v1/face/id/{id}"), await ReadAsync(client, $"/v1/default/get/{id}"));
        return faces;
    }

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        // Upload links may carry a signature with an expiry: compare the face, not when its links were signed.
        return SignedLinkQuery().Replace(body, "$1");
    }

    [GeneratedRegex(@"(/uploads/[^""?]*)\?[^""]*")]
    private static partial Regex SignedLinkQuery();

    Task IAsyncLifetime.DisposeAsync()
    {
        Directory.Delete(MediaRoot, recursive: true);
        Directory.Delete(Outside, recursive: true);
        return Task.CompletedTask;
    }
}
