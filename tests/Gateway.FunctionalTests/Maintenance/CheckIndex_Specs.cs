using System.Net;
using Gateway.FunctionalTests.Api;
using TestSupport;
using Workers.Index.Redis;

namespace Gateway.FunctionalTests.Maintenance;

/// <summary>check-index compares the metadata store with the Redis index shards both ways and, with --repair, makes the index what
/// the store says: after a shard killed in the middle of enrollments, every acknowledged face is searchable exactly once and
/// nothing else is.</summary>
public sealed class CheckIndex_Specs : IDisposable
{
    private static readonly string[] Portraits = ["man1.jpg", "man2.jpg", "astronaut.png", "grace_hopper.jpg"];

    private readonly ShardedDataDir _data = new();

    [Fact]
    public async Task Should_leave_every_acknowledged_face_searchable_exactly_once_and_nothing_else_after_a_shard_killed_mid_enrollment()
    {
        var acknowledged = new Dictionary<long, string>();
        long lost, stray;
        await using (var gateway = _data.StartGateway())
        {
            using var client = gateway.CreateAuthorizedClient();
            // A face whose index entry will be lost (as a shard's last second of writes, or a shard restored from an older file):
            // one on the shard that is not killed, so that only this spec takes it out.
            do
            {
                var (photo, ids) = await EnrollAsync(client, Portraits[0]);
                lost = Assert.Single(ids!);
                acknowledged[lost] = photo;
            }
            while (ShardMap.CellOf(lost) >= ShardMap.Cells / 2);
            // An index entry no enrollment acknowledged, as one whose gateway died between the index and the store leaves it.
            stray = Random.Shared.NextInt64(1L << 40, 1L << 50);
            using (var added = await client.PostAsync($"/v1/default/add/{stray}", new StringContent(await client.ExtractFacenAsync(Portraits[1]))))
                Assert.Equal(HttpStatusCode.OK, added.StatusCode);

            var enrollments = Enumerable.Range(0, 16).Select(i => EnrollAsync(client, Portraits[i % Portraits.Length])).ToList();
            await Task.WhenAny(enrollments);
            _data.KillShard(1);
            foreach (var (photo, ids) in await Task.WhenAll(enrollments))
            {
                foreach (var id in ids ?? [])
                    acknowledged[id] = photo;
            }
        }
        _data.StartShard(1);
        await _data.RemoveAsync(lost);

        var (exitCode, output, errors) = await _data.RunAsync("check-index");
        Assert.True(exitCode == 1, output + errors);
        Assert.Contains($"{acknowledged.Count} faces stored", output);
        Assert.Matches(@"[1-9]\d* stored faces not indexed \(.*" + lost, output);
        Assert.Matches(@"[1-9]\d* indexed faces not stored \(.*" + stray, output);

        (exitCode, output, errors) = await _data.RunAsync("check-index", "--repair");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("repaired:", output);
        (exitCode, output, errors) = await _data.RunAsync("check-index");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("the store and the index agree", output);
        Assert.Contains("0 pending marks", output);

        await using var restarted = _data.StartGateway();
        using var again = restarted.CreateAuthorizedClient();
        Assert.Equal(acknowledged.Count, await _data.CountAsync());
        Assert.Equal(acknowledged.Keys.Order(), await ListIndexedAsync(again));
        foreach (var photo in Portraits)
        {
            var identified = await IdentifyAsync(again, photo);
            Assert.Equal(identified.Distinct(), identified);
            Assert.Equal(acknowledged.Where(face => face.Value == photo).Select(face => face.Key).Order(), identified.Order());
        }
    }

    [Fact]
    public async Task Should_move_a_face_left_on_a_shard_that_does_not_own_its_cell_with_repair()
    {
        IReadOnlyList<long> ids;
        await using (var gateway = _data.StartGateway())
        {
            using var client = gateway.CreateAuthorizedClient();
            ids = (await EnrollAsync(client, Portraits[0])).Ids!;
        }
        var face = Assert.Single(ids);
        // A stored face whose only copy is on the wrong shard, and a copy of an id the store does not hold.
        var stray = Enumerable.Range(1, 100_000).Select(i => face + i).First(id => ShardMap.CellOf(id) < ShardMap.Cells / 2 == ShardMap.CellOf(face) < ShardMap.Cells / 2);
        await _data.CopyToOtherShardAsync(face);
        await _data.CopyToOtherShardAsync(face, asId: stray);
        await _data.RemoveAsync(face);

        var (exitCode, output, errors) = await _data.RunAsync("check-index");
        Assert.True(exitCode == 1, output + errors);
        Assert.Contains($"2 faces on a shard that does not own their cell ({Math.Min(face, stray)}, {Math.Max(face, stray)})", output);

        (exitCode, output, errors) = await _data.RunAsync("check-index", "--repair");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("2 copies removed from shards that do not own their cell", output);
        var held = await _data.IdsByShardAsync();
        var own = ShardMap.CellOf(face) * 2 / ShardMap.Cells;
        Assert.Equal([face], held[own]);
        Assert.Empty(held[1 - own]);
        (exitCode, output, errors) = await _data.RunAsync("check-index");
        Assert.True(exitCode == 0, output + errors);
    }

    public void Dispose() => _data.Dispose();

    /// <returns>The photo, and the ids of its faces, or null when the enrollment was refused (503: the shard was down).</returns>
    private static async Task<(string Photo, IReadOnlyList<long>? Ids)> EnrollAsync(HttpClient client, string photo)
    {
        using var response = await client.PostAsync("/v0/face", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("meta", photo)));
        var json = await response.JsonAsync();
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            return (photo, null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return (photo, [.. json.GetProperty("results").Ids()]);
    }

    private static async Task<IReadOnlyList<long>> ListIndexedAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/default/list/0/1000");
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return [.. json.GetProperty("faces").EnumerateArray().Select(face => face.GetProperty("id").GetInt64())];
    }

    /// <summary>Every face identify answers for the photo's face, up to 100, at the strict threshold.</summary>
    private static async Task<IReadOnlyList<long>> IdentifyAsync(HttpClient client, string photo)
    {
        using var response = await client.PostAsync("/v0/identify", ApiForms.Multipart(("photo", TestSupport.Photos.Bytes(photo)), ("n", "100")));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return [.. Assert.Single(json.GetProperty("results").EnumerateObject()).Value.EnumerateArray()
            .Select(match => match.GetProperty("face").GetProperty("id").GetInt64())];
    }
}
