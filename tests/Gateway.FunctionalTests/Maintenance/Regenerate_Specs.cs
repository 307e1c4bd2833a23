using System.Numerics.Tensors;
using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.FunctionalTests.Maintenance;

/// <summary>regenerate (FindFace's findface-regenerate --regenerate=facens) on a stopped server's data folder.</summary>
public sealed class Regenerate_Specs : IDisposable
{
    private const string OlderModel = "older-model";

    private readonly ShardedDataDir _data = new();

    [Fact]
    public async Task Should_make_the_same_facens_again_with_the_same_model_skip_faces_without_images_and_resume()
    {
        IReadOnlyList<long> group;
        long man, grace;
        await using (var gateway = _data.StartGateway())
        {
            using var client = gateway.CreateAuthorizedClient();
            group = await ShardedDataDir.EnrollAllAsync(client, "sample2.jpg");
            man = Assert.Single(await ShardedDataDir.EnrollAllAsync(client, "man1.jpg"));
            grace = Assert.Single(await ShardedDataDir.EnrollAllAsync(client, "grace_hopper.jpg"));
        }
        var store = new SqliteFaceStore(new MetadataDatabase(Options.Create(new StorageOptions { DataDir = _data.DataDir })));
        var before = await StoredAsync(store);
        var model = Facens()[man].Model;
        // As if the faces had been enrolled with another model, so that the new name shows.
        await store.SetFacensAsync(Facens().ToDictionary(face => face.Key, face => face.Value.Facen), OlderModel, CancellationToken.None);
        var facensBefore = Facens();
        var uploads = Path.Combine(_data.DataDir, "uploads");
        File.Delete(Path.Combine(uploads, before[group.Min()].Normalized!)); // made again from its photo, detected again
        File.Delete(Path.Combine(uploads, before[grace].Normalized!));
        File.Delete(Path.Combine(uploads, before[grace].Photo));
        await _data.FlushAsync();

        var (exitCode, output, errors) = await _data.RunAsync("regenerate", "--limit", "2");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"2 facens made by {model}", output);
        Assert.Contains($"2/{before.Count} of every face done", output);
        (exitCode, output, errors) = await _data.RunAsync("regenerate");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"resuming after face {group.Order().ElementAt(1)} (2 of {before.Count} faces done before)", output);
        Assert.Contains($"face {grace} skipped: neither its normalized face", output);
        Assert.Contains($"{before.Count - 3} facens made by {model}", output);
        Assert.Contains("1 faces skipped", output);

        var after = Facens();
        foreach (var id in before.Keys.Where(id => id != grace))
        {
            Assert.Equal(model, after[id].Model);
            Assert.True(TensorPrimitives.CosineSimilarity(facensBefore[id].Facen, after[id].Facen) > 0.999f, $"face {id}'s facen is the same again");
        }
        Assert.Equal(OlderModel, after[grace].Model);
        Assert.Equal(before.Count - 1, await _data.CountAsync());
        await using var restarted = _data.StartGateway();
        using var again = restarted.CreateAuthorizedClient();
        Assert.Equal([man], await ShardedDataDir.IdentifyAllAsync(again, "man1.jpg"));
        Assert.Equal(group.Order(), await ShardedDataDir.IdentifyAllAsync(again, "sample2.jpg"));
    }

    public void Dispose() => _data.Dispose();

    /// <summary>Each face's facen with the name of the model that made it, as the file keeps them.</summary>
    private Dictionary<long, (float[] Facen, string Model)> Facens()
    {
        using var connection = new MetadataDatabase(Options.Create(new StorageOptions { DataDir = _data.DataDir })).Open();
        using var select = MetadataDatabase.Command(connection, "SELECT face_id, facen, model FROM facens");
        using var reader = select.ExecuteReader();
        var facens = new Dictionary<long, (float[], string)>();
        while (reader.Read())
            facens[reader.GetInt64(0)] = (Gateway.Http.FacenEncoding.FromBytes((byte[])reader[1]), reader.GetString(2));
        return facens;
    }

    private static async Task<IReadOnlyDictionary<long, StoredFace>> StoredAsync(IFaceStore store) =>
        (await store.ListAsync(gallery: null, meta: null, new FacePage(MaxId: null, MinId: null, Limit: 100), CancellationToken.None))
            .ToDictionary(face => face.Id);
}
