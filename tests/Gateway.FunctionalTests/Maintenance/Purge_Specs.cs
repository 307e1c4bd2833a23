using System.Net;
using System.Runtime.InteropServices;
using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.FunctionalTests.Maintenance;

/// <summary>The purge command removes the index entries and upload files that no stored face refers to, and nothing else.</summary>
public sealed class Purge_Specs : IDisposable
{
    private const long DirectlyAdded = 987_654_321;
    private readonly ShardedDataDir _data = new();

    [Fact]
    public async Task Should_remove_index_entries_and_files_that_no_stored_face_refers_to_and_keep_every_stored_face_whole()
    {
        var store = new SqliteFaceStore(new MetadataDatabase(Options.Create(new StorageOptions { DataDir = _data.DataDir })));
        IReadOnlyList<long> faces;
        await using (var gateway = _data.StartGateway())
        {
            using var client = gateway.CreateAuthorizedClient();
            faces = await ShardedDataDir.EnrollAllAsync(client, "sample4.jpg");
            // Spec 8.7.2: a face added to the index alone, as FindFace's direct API allows.
            var facen = Assert.Single(await store.GetIndexedAsync([faces[0]], CancellationToken.None)).Facen;
            using var added = await client.PostAsync($"/v1/default/add/{DirectlyAdded}",
                Requests.Json(Convert.ToBase64String(MemoryMarshal.AsBytes(facen.AsSpan()))));
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }
        // A face deleted from the store whose index step never ran, as a delete that failed with 503 leaves it.
        var lost = (await store.GetAsync(faces[0], CancellationToken.None))!;
        await store.DeleteAsync(lost.Id, CancellationToken.None);
        var uploads = Path.Combine(_data.DataDir, "uploads");
        var day = Path.GetDirectoryName(Path.Combine(uploads, lost.Photo))!;
        var partial = Path.Combine(day, "0123456789abcdef0123456789abcdef.jpeg.tmp");
        File.WriteAllBytes(partial, [0xFF, 0xD8]);
        string[] orphans = [Path.Combine(uploads, lost.Thumbnail!), Path.Combine(uploads, lost.Normalized!), partial];
        foreach (var file in orphans)
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        var young = Path.Combine(day, "fedcba9876543210fedcba9876543210.jpeg");
        File.WriteAllBytes(young, [0xFF, 0xD8]);

        var (exitCode, output, errors) = await _data.RunAsync("purge");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"2 of {faces.Count + 1} index entries", output);
        Assert.Empty(await _data.SpacesHoldingAsync(lost.Id));
        Assert.Empty(await _data.SpacesHoldingAsync(DirectlyAdded));
        Assert.Equal(faces.Count - 1, await _data.CountAsync());
        Assert.All(orphans, file => Assert.False(File.Exists(file), file));
        Assert.True(File.Exists(young), "a file younger than an hour may be an enrollment in progress");
        foreach (var face in (await store.GetManyAsync(faces, CancellationToken.None)).Values)
        {
            Assert.All(new[] { face.Photo, face.Thumbnail!, face.Normalized! }, file => Assert.True(File.Exists(Path.Combine(uploads, file)), file));
            Assert.Single(await _data.SpacesHoldingAsync(face.Id));
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_data.DataDir, "maintenance")));

        (exitCode, output, errors) = await _data.RunAsync("purge");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"0 of {faces.Count - 1} index entries", output);
    }

    [Theory]
    [InlineData("--gallery", "staff")]
    [InlineData("--limit", "10")]
    public async Task Should_refuse_to_purge_part_of_the_faces(params string[] args)
    {
        var (exitCode, _, errors) = await _data.RunAsync(["purge", .. args]);

        Assert.Equal(2, exitCode);
        // A usage error, said on standard error since the commands parse with System.CommandLine.
        Assert.Contains("it takes only --restart", errors);
    }

    public void Dispose() => _data.Dispose();
}
