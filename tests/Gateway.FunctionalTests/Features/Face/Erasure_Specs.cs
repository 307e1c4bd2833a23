using Contracts.Index;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.FunctionalTests.Api;
using Gateway.FunctionalTests.Maintenance;
using Gateway.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Workers.Index;

namespace Gateway.FunctionalTests.Features.Face;

/// <summary>Deleting a person's faces (one by one, or with their gallery) leaves nothing of them: no file under uploads/, no
/// record or facen in the metadata store, no entry in any space of the index, exact or Redis.</summary>
public sealed class Erasure_Specs
{
    private static readonly string[] Links = ["photo", "thumbnail", "normalized"];

    [Fact]
    public async Task Should_leave_nothing_of_a_deleted_person_on_disk_in_the_store_or_in_the_exact_index()
    {
        // A data folder that outlives the gateway, to be read once the server is stopped.
        var dataDir = Directory.CreateTempSubdirectory("facepipe-erasure-").FullName;
        var gateway = new GatewayOnDataDir(dataDir);
        string[] photos = ["man1.jpg", "man2.jpg"];
        List<JsonElement> faces = [];
        List<float[]> facens = [];
        try
        {
            using var client = gateway.CreateAuthorizedClient();
            var gallery = Form.NewGallery();
            await client.CreateGalleryAsync(gallery);
            foreach (var photo in photos)
                faces.Add(await client.EnrollAsync(TestSupport.Photos.Bytes(photo), "Sam Berry", gallery));
            var ids = faces.Select(face => face.GetProperty("id").GetInt64()).ToList();
            var store = gateway.Services.GetRequiredService<IFaceStore>();
            facens.AddRange((await store.GetIndexedAsync(ids, CancellationToken.None)).Select(entry => entry.Facen));
            Assert.Equal(ids.Count, facens.Count);
            Assert.All(faces.SelectMany(FilesOf(gateway)), file => Assert.True(File.Exists(file), file));

            // One face by its id, the other with its gallery (spec 9.2.14: the gallery's faces go with it).
            using (var deleted = await client.DeleteAsync($"/v0/face/id/{ids[0]}"))
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            using (var deleted = await client.DeleteAsync($"/v0/galleries/{gallery}"))
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

            Assert.All(faces.SelectMany(FilesOf(gateway)), file => Assert.False(File.Exists(file), file));
            var uploads = Directory.EnumerateFiles(Path.Combine(gateway.DataDir, "uploads"), "*", SearchOption.AllDirectories).ToList();
            Assert.DoesNotContain(uploads, file => photos.Any(photo => File.ReadAllBytes(file).AsSpan().SequenceEqual(TestSupport.Photos.Bytes(photo))));
            var index = gateway.Services.GetRequiredService<IFaceIndex>();
            foreach (var id in ids)
            {
                Assert.Null(await store.GetAsync(id, CancellationToken.None));
                Assert.Null(await index.GetFacenAsync(id, GalleryNames.Default));
                using var direct = await client.GetAsync($"/v1/default/get/{id}");
                Assert.Equal(HttpStatusCode.NotFound, direct.StatusCode);
            }
            foreach (var photo in photos)
            {
                using var search = await client.PostAsync("/v0/identify",
                    TestSupport.ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("n", "1000"), ("threshold", "none")));
                var found = (await search.JsonAsync()).GetProperty("results").EnumerateObject()
                    .SelectMany(result => result.Value.EnumerateArray()).Select(match => match.GetProperty("face").GetProperty("id").GetInt64());
                Assert.Empty(found.Intersect(ids));
            }
        }
        finally
        {
            gateway.Dispose();
        }

        // With the server stopped and its connections closed, the file holds no byte of the deleted facens (secure_delete).
        SqliteConnection.ClearAllPools();
        var metadata = Directory.EnumerateFiles(dataDir, "metadata.db*").SelectMany(File.ReadAllBytes).ToArray();
        Directory.Delete(dataDir, recursive: true);
        Assert.All(facens, facen => Assert.Equal(-1, metadata.AsSpan().IndexOf(MemoryMarshal.AsBytes(facen.AsSpan(0, 16)))));
    }

    [Fact]
    public async Task Should_keep_a_group_photo_until_its_last_face_is_deleted()
    {
        using var gateway = new GatewayFactory();
        using var client = gateway.CreateAuthorizedClient();
        using var enrolled = await client.PostAsync("/v0/face", TestSupport.ApiForms.Multipart(
            ("photo", TestSupport.Photos.Bytes("sample3.jpg")), ("mf_selector", "all")));
        var faces = (await enrolled.JsonAsync()).GetProperty("results").EnumerateArray().ToList();
        var photo = Assert.Single(faces.Select(face => FilesOf(gateway)(face).First()).Distinct());

        foreach (var face in faces.SkipLast(1))
            (await client.DeleteAsync($"/v0/face/id/{face.GetProperty("id").GetInt64()}")).EnsureSuccessStatusCode();
        Assert.True(File.Exists(photo), "a face still refers to the photo");
        Assert.All(faces.SkipLast(1).SelectMany(face => FilesOf(gateway)(face).Skip(1)), file => Assert.False(File.Exists(file), file));

        (await client.DeleteAsync($"/v0/face/id/{faces[^1].GetProperty("id").GetInt64()}")).EnsureSuccessStatusCode();
        Assert.False(File.Exists(photo));
    }

    [Fact]
    public async Task Should_leave_no_entry_of_a_deleted_person_in_any_redis_shard()
    {
        using var data = new ShardedDataDir();
        await using var gateway = data.StartGateway();
        using var client = gateway.CreateAuthorizedClient();
        var gallery = Form.NewGallery();
        await client.CreateGalleryAsync(gallery);
        var ids = new List<long>();
        foreach (var photo in new[] { "man1.jpg", "man2.jpg" })
            ids.Add((await client.EnrollAsync(TestSupport.Photos.Bytes(photo), "Sam Berry", gallery)).GetProperty("id").GetInt64());
        Assert.All(ids, id => Assert.Equal(2, data.SpacesHoldingAsync(id).Result.Count)); // default and the gallery

        (await client.DeleteAsync($"/v0/face/id/{ids[0]}")).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/v0/galleries/{gallery}")).EnsureSuccessStatusCode();

        foreach (var id in ids)
            Assert.Empty(await data.SpacesHoldingAsync(id));
        Assert.Equal(0, await data.CountAsync());
    }

    /// <summary>The files of a face under the gateway's data folder: photo, thumbnail, normalized face.</summary>
    private static Func<JsonElement, IEnumerable<string>> FilesOf(GatewayFactory gateway) => face => Links.Select(link =>
        Path.Combine(gateway.DataDir, "uploads", new Uri(face.GetProperty(link).GetString()!).AbsolutePath["/uploads/".Length..]));
}
