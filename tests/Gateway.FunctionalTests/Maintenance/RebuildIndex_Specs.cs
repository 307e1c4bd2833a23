using System.Numerics.Tensors;
using Contracts.Images;
using Gateway.FunctionalTests.Api;
using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Workers.Index.Warmup;

namespace Gateway.FunctionalTests.Maintenance;

/// <summary>Redis index shards keep their faces across gateway restarts, and rebuild-index (FindFace's mongo2searchapi)
/// refills them from the metadata store of a stopped server.</summary>
public sealed class RebuildIndex_Specs : IDisposable
{
    private readonly ShardedDataDir _data = new();

    [Fact]
    public async Task Should_not_reload_the_shards_at_a_restart_and_find_every_face_again_after_a_rebuild()
    {
        IReadOnlyList<long> group, staff;
        await using (var first = _data.StartGateway())
        {
            using var client = first.CreateAuthorizedClient();
            await client.CreateGalleryAsync("staff");
            group = await ShardedDataDir.EnrollAllAsync(client, "sample4.jpg");
            staff = await ShardedDataDir.EnrollAllAsync(client, "sample1.jpg", "staff");
        }
        var removed = group[0];
        await _data.RemoveAsync(removed);

        // A start that reloaded the shards would put the face back before answering its first identify.
        await using (var restarted = _data.StartGateway())
        {
            using var client = restarted.CreateAuthorizedClient();
            Assert.DoesNotContain(removed, await ShardedDataDir.IdentifyAllAsync(client, "sample4.jpg"));
            Assert.Equal(group.Count + staff.Count - 1, await _data.CountAsync());
        }

        await _data.FlushAsync();
        var (exitCode, output, errors) = await _data.RunAsync("rebuild-index", "--gallery", "staff");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"{staff.Count}/{staff.Count} of gallery staff done", output);
        Assert.Equal(staff.Count, await _data.CountAsync());

        (exitCode, output, errors) = await _data.RunAsync("rebuild-index");
        Assert.True(exitCode == 0, output + errors);
        var all = group.Count + staff.Count;
        Assert.Contains($"{all} faces indexed", output);
        Assert.Contains($"{all}/{all} of every face done", output);
        Assert.Equal(all, await _data.CountAsync());
        await using var rebuilt = _data.StartGateway();
        using var again = rebuilt.CreateAuthorizedClient();
        Assert.Equal(group.Order(), await ShardedDataDir.IdentifyAllAsync(again, "sample4.jpg"));
        Assert.Equal(staff.Order(), await ShardedDataDir.IdentifyAllAsync(again, "sample1.jpg"));
    }

    [Fact]
    public async Task Should_resume_an_interrupted_rebuild_after_its_checkpoint_and_finish_without_duplicates()
    {
        IReadOnlyList<long> faces;
        await using (var gateway = _data.StartGateway())
            faces = await ShardedDataDir.EnrollAllAsync(gateway.CreateAuthorizedClient(), "sample5.jpg");
        await _data.FlushAsync();
        var checkpoint = Path.Combine(_data.DataDir, "maintenance", "rebuild-index.checkpoint");

        var (exitCode, output, errors) = await _data.RunAsync("rebuild-index", "--limit", "2");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"2/{faces.Count} of every face done; {faces.Count - 2} left", output);
        Assert.Equal(2, await _data.CountAsync());
        Assert.Equal(faces.Order().ElementAt(1).ToString(), File.ReadAllText(checkpoint));

        (exitCode, output, errors) = await _data.RunAsync("rebuild-index");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"resuming after face {faces.Order().ElementAt(1)} (2 of {faces.Count} faces done before)", output);
        Assert.Contains($"{faces.Count - 2} faces indexed", output);
        Assert.Equal(faces.Count, await _data.CountAsync());
        Assert.False(File.Exists(checkpoint), "a completed rebuild leaves no checkpoint");
        await using var rebuilt = _data.StartGateway();
        Assert.Equal(faces.Order(), await ShardedDataDir.IdentifyAllAsync(rebuilt.CreateAuthorizedClient(), "sample5.jpg"));
    }

    [Fact]
    public async Task Should_stop_at_ctrl_c_after_a_whole_batch_with_its_checkpoint_and_finish_on_the_next_run()
    {
        const int faces = 4 * IndexFill.BatchSize;
        var store = new SqliteFaceStore(new MetadataDatabase(Options.Create(new StorageOptions { DataDir = _data.DataDir })));
        var random = new Random(5);
        await store.AddAsync([.. Enumerable.Range(1, faces).Select(id => new FaceToStore(new StoredFace(id, DateTime.UtcNow, "none.jpeg", "",
            null, null, new Box(0, 0, 1, 1), "", [], null, null, null), RandomFacen(random), "synthetic"))], CancellationToken.None);

        var (exitCode, output, errors) = await _data.RunInterruptedAsync("rebuild-index");

        Assert.True(exitCode == 1, output + errors);
        Assert.Contains("rebuild-index: interrupted after", output);
        var checkpoint = long.Parse(File.ReadAllText(Path.Combine(_data.DataDir, "maintenance", "rebuild-index.checkpoint")));
        Assert.InRange(checkpoint, IndexFill.BatchSize, faces - IndexFill.BatchSize);
        Assert.Equal(checkpoint, await _data.CountAsync()); // faces 1 to the checkpoint, whole batches

        (exitCode, output, errors) = await _data.RunAsync("rebuild-index");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"resuming after face {checkpoint} ({checkpoint} of {faces} faces done before)", output);
        Assert.Contains($"{faces - checkpoint} faces indexed", output);
        Assert.Equal(faces, await _data.CountAsync());
    }

    [Fact]
    public async Task Should_refuse_to_rebuild_without_index_shards()
    {
        var (exitCode, output, _) = await GatewayProgram.RunAsync(_data.DataDir, [], ["rebuild-index"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("no index shards are configured", output);
    }

    public void Dispose() => _data.Dispose();

    private static float[] RandomFacen(Random random)
    {
        var facen = new float[512];
        for (var k = 0; k < facen.Length; k++)
            facen[k] = random.NextSingle() - 0.5f;
        TensorPrimitives.Divide(facen, TensorPrimitives.Norm(facen), facen);
        return facen;
    }
}
