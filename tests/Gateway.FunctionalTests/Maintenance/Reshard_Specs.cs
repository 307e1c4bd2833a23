using Gateway.Maintenance;
using TestSupport;
using Workers.Index.Redis;

namespace Gateway.FunctionalTests.Maintenance;

/// <summary>The reshard command on a data folder with two configured Redis shards and a third server to add: a dry run that moves
/// nothing, a move after which the store and the index still agree, identify still finds every face, and a gateway started on
/// the old configuration uses the new map.</summary>
public sealed class Reshard_Specs : IDisposable
{
    private readonly ShardedDataDir _data = new(spares: 1);

    [Fact]
    public async Task Should_plan_with_dry_run_then_move_the_cells_to_the_new_shard_with_every_face_still_found()
    {
        IReadOnlyList<long> enrolled;
        await using (var gateway = _data.StartGateway())
        {
            using var client = gateway.CreateAuthorizedClient();
            enrolled = [.. (await ShardedDataDir.EnrollAllAsync(client, "sample1.jpg")).Concat(await ShardedDataDir.EnrollAllAsync(client, "man1.jpg"))];
        }
        var (from, added) = (_data.Endpoints[0], _data.Endpoints[2]);
        var moving = enrolled.Count(id => ShardMap.CellOf(id) < 256);

        var (exitCode, output, errors) = await _data.RunAsync(ReshardCommand.Name, "--from", from, "--to", added, "--cells", "0-255", "--dry-run");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains($"256 cells to move from {from} to {added} (0-255), holding {moving} faces", output);
        Assert.Contains("dry run: nothing moved", output);
        Assert.Empty((await _data.IdsByShardAsync())[2]);

        (exitCode, output, errors) = await _data.RunAsync(ReshardCommand.Name, "--from", from, "--to", added, "--cells", "0-255", "--batch", "64");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("256/256 cells", output);
        Assert.True(output.Contains($"--Index:Shards:2:Endpoint={added} --Index:Shards:2:Cells=0-255"), output);
        var held = await _data.IdsByShardAsync();
        Assert.Equal(enrolled.Where(id => ShardMap.CellOf(id) < 256).Order(), held[2].Order());
        Assert.Equal(enrolled.Order(), held.SelectMany(ids => ids).Order());

        (exitCode, output, errors) = await _data.RunAsync("check-index");
        Assert.True(exitCode == 0, output + errors);
        (exitCode, output, errors) = await _data.RunAsync(ReshardCommand.Name, "--from", from, "--to", added, "--cells", "0-255");
        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("0 cells to move", output);

        await using var restarted = _data.StartGateway();
        using var again = restarted.CreateAuthorizedClient();
        Assert.Equal(enrolled.Order(), (await ShardedDataDir.IdentifyAllAsync(again, "sample1.jpg")).Concat(await ShardedDataDir.IdentifyAllAsync(again, "man1.jpg")).Order());
    }

    [Fact]
    public async Task Should_refuse_missing_arguments_and_cells_of_no_shard_named_with_exit_code_2()
    {
        var (exitCode, output, _) = await _data.RunAsync(ReshardCommand.Name, "--from", _data.Endpoints[0], "--cells", "0-10");
        Assert.Equal(2, exitCode);
        Assert.Contains("it needs --from", output);
        (exitCode, output, _) = await _data.RunAsync(ReshardCommand.Name, "--from", _data.Endpoints[0], "--to", _data.Endpoints[2], "--cells", "600-700");
        Assert.Equal(2, exitCode);
        Assert.Contains("belong to neither", output);
        (exitCode, output, _) = await _data.RunAsync(ReshardCommand.Name, "--from", _data.Endpoints[0], "--to", _data.Endpoints[2], "--cells", "0-2000");
        Assert.Equal(2, exitCode);
        Assert.Contains("not a cell or range of cells", output);
    }

    public void Dispose() => _data.Dispose();
}
