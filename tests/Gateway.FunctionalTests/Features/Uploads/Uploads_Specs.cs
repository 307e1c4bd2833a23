using System.Net;
using System.Text.Json;
using Gateway.Auth;
using Gateway.FunctionalTests.Api;
using Gateway.Uploads;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.FunctionalTests.Features.Uploads;

/// <summary>Stored photos, thumbnails and normalized faces are biometric data: /uploads/ serves them to a token holder or
/// through the URL the API signed, and nothing else of the data folder to anyone.</summary>
[Collection(GatewayCollection.Name)]
public sealed class Uploads_Specs(GatewayFactory gateway)
{
    private static readonly string[] Links = ["photo", "thumbnail", "normalized"];

    [Fact]
    public async Task Should_serve_the_signed_urls_of_a_face_to_a_client_without_a_token()
    {
        var face = await EnrollAsync();
        using var anonymous = gateway.CreateClient();

        foreach (var link in Links)
        {
            using var response = await anonymous.GetAsync(PathAndQuery(face, link));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: {response.StatusCode}");
            Assert.StartsWith("image/", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Should_serve_an_upload_to_a_token_holder_without_a_signature()
    {
        var face = await EnrollAsync();
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.GetAsync(PathOf(face, "photo"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestSupport.Photos.Bytes("man1.jpg"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Should_refuse_an_upload_without_a_token_or_a_signature()
    {
        var face = await EnrollAsync();
        using var anonymous = gateway.CreateClient();

        foreach (var link in Links)
        {
            using var response = await anonymous.GetAsync(PathOf(face, link));
            await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "AUTH_FAILED");
        }
        using var wrongToken = gateway.CreateClient();
        wrongToken.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Token wrong-token_wrong-token_wrong-tok");
        await AssertErrorAsync(await wrongToken.GetAsync(PathOf(face, "photo")), HttpStatusCode.Unauthorized, "AUTH_FAILED");
    }

    [Fact]
    public async Task Should_refuse_a_tampered_signature()
    {
        var face = await EnrollAsync();
        using var anonymous = gateway.CreateClient();
        var photo = PathAndQuery(face, "photo");
        var signature = photo[(photo.IndexOf("signature=", StringComparison.Ordinal) + "signature=".Length)..];
        var expires = long.Parse(photo.Split("expires=")[1].Split('&')[0]);

        string[] tampered =
        [
            photo.Replace("signature=" + signature, "signature=" + (signature[0] == 'A' ? 'B' : 'A') + signature[1..]),
            photo.Replace($"expires={expires}", $"expires={expires + 3600}"),
            PathOf(face, "thumbnail") + "?" + Query(photo),
            photo.Replace("signature=" + signature, "signature=not-base64!"),
            photo.Replace("&signature=" + signature, ""),
        ];
        foreach (var url in tampered)
            await AssertErrorAsync(await anonymous.GetAsync(url), HttpStatusCode.Forbidden, "FORBIDDEN");

        static string Query(string url) => url[(url.IndexOf('?') + 1)..];
    }

    [Fact]
    public async Task Should_refuse_a_url_whose_signature_expired()
    {
        var face = await EnrollAsync();
        var path = PathOf(face, "photo")[(UploadOptions.RequestPath.Length + 1)..];
        // The gateway's own signer, two hours ago: its URLs lived an hour.
        var signedEarlier = new UploadSignature(gateway.Services.GetRequiredService<ServerSecret>(),
            Options.Create(new UploadOptions()), new ShiftedClock(TimeSpan.FromHours(-2)));
        using var anonymous = gateway.CreateClient();

        using var response = await anonymous.GetAsync($"{UploadOptions.RequestPath}/{path}{signedEarlier.QueryFor(path)}");

        var error = await AssertErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("expired", error.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("/uploads/../metadata.db")]
    [InlineData("/uploads/%2e%2e/metadata.db")]
    [InlineData("/uploads/..%2fmetadata.db")]
    [InlineData("/uploads/%2E%2E%2Fsecret.key")]
    [InlineData("/uploads/20261206/..%2f..%2fsecret.key")]
    [InlineData("/uploads/..%5cmetadata.db")]
    [InlineData("/uploads/%252e%252e%252fmetadata.db")]
    [InlineData("/uploads//etc/passwd")]
    [InlineData("/uploads/20261206%2f..%2f..%2fmetadata.db")]
    public async Task Should_serve_nothing_outside_the_stored_files_whatever_the_path_encoding(string rawPath)
    {
        _ = gateway.Server;
        await EnrollAsync();

        // Sent as is, past any client's normalisation of dots.
        var withToken = await SendRawAsync(rawPath, GatewayFactory.Token);
        var withoutToken = await SendRawAsync(rawPath, token: null);

        Assert.Equal((StatusCodes.Status404NotFound, "NOT_FOUND"), withToken);
        Assert.Equal((StatusCodes.Status401Unauthorized, "AUTH_FAILED"), withoutToken);
    }

    [Fact]
    public async Task Should_list_no_folder()
    {
        var face = await EnrollAsync();
        using var client = gateway.CreateAuthorizedClient();
        var day = PathOf(face, "photo").Split('/')[2];

        foreach (var folder in new[] { "/uploads", "/uploads/", $"/uploads/{day}", $"/uploads/{day}/" })
            await AssertErrorAsync(await client.GetAsync(folder), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Should_name_files_so_that_a_face_id_tells_nothing_of_them()
    {
        var face = await EnrollAsync();
        var id = face.GetProperty("id").GetInt64();
        using var client = gateway.CreateAuthorizedClient();
        var day = PathOf(face, "photo").Split('/')[2];

        foreach (var link in Links)
        {
            var name = Path.GetFileNameWithoutExtension(PathOf(face, link));
            Assert.Matches("^[0-9a-f]{32}$", name);
            Assert.DoesNotContain(id.ToString(), name);
        }
        foreach (var guess in new[] { $"{id}.jpeg", $"{id}_thumb.jpeg", $"{id}_norm.png", $"{id}_norm.jpeg" })
            await AssertErrorAsync(await client.GetAsync($"/uploads/{day}/{guess}"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Should_keep_the_server_secret_readable_by_its_owner_only()
    {
        _ = gateway.Server;

        var mode = File.GetUnixFileMode(Path.Combine(gateway.DataDir, ServerSecret.FileName));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Should_serve_unsigned_urls_to_anyone_when_uploads_are_public_as_in_findface()
    {
        await using var findFaceLike = gateway.WithWebHostBuilder(builder => builder.UseSetting("Upload:Public", "true"));
        using var client = findFaceLike.CreateTokenClient();
        var face = await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), "public");
        using var anonymous = findFaceLike.CreateClient();

        foreach (var link in Links)
        {
            Assert.DoesNotContain("?", face.GetProperty(link).GetString());
            using var response = await anonymous.GetAsync(PathOf(face, link));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private async Task<JsonElement> EnrollAsync()
    {
        using var client = gateway.CreateAuthorizedClient();
        return await client.EnrollAsync(TestSupport.Photos.Bytes("man1.jpg"), "uploads");
    }

    private async Task<(int Status, string? Code)> SendRawAsync(string rawPath, string? token)
    {
        var context = await gateway.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = PathString.FromUriComponent(rawPath);
            if (token is not null)
                http.Request.Headers.Authorization = $"Token {token}";
        });
        using var document = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, document.RootElement.GetProperty("code").GetString());
    }

    private static string PathAndQuery(JsonElement face, string link) => new Uri(face.GetProperty(link).GetString()!).PathAndQuery;

    private static string PathOf(JsonElement face, string link) => new Uri(face.GetProperty(link).GetString()!).AbsolutePath;

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var error = await response.JsonAsync();
            Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {error}");
            Assert.Equal(code, error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("reason").GetString()));
            return error;
        }
    }

    /// <summary>The system clock moved by an offset: a signer from another time.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
