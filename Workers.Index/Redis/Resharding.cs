using System.Diagnostics;

namespace Workers.Index.Redis;

/// <summary>What a reshard would do: the cells still to move from one shard to another, the cells that are there already, and the
/// faces the first hold now.</summary>
public sealed record ReshardPlan(ShardMap Map, string From, string To, IReadOnlyList<int> CellsToMove, IReadOnlyList<int> CellsMoved,
    int FacesToMove);

/// <summary>Where a reshard stands after a batch of cells: moved so far in this run, and the last cell done.</summary>
public sealed record ReshardProgress(int CellsMoved, int CellsToMove, long FacesMoved, int LastCell, TimeSpan Elapsed);

/// <summary>Moves cells from one shard to another while the cluster searches and enrolls (FindFace's 1,024 cells exist so that
/// shards can be added): a batch of cells at a time, it freezes them on the old shard (a write to them waits), copies their faces
/// to the new shard, stores the next map on every shard (the old shard refuses later writes to the cells with CELLMOVED, and
/// tells every searcher that its map is old), then removes the old copies.</summary>
/// <remarks>Searches stay whole throughout: a face is on the old shard until after the new map is stored there, a search asks
/// every shard of its map and a shard answers with its map's version (<see cref="RedisFaceIndex"/> searches again under a newer
/// one), and a face on both shards for a moment counts once. The stored map is the reshard's checkpoint: run again, it skips
/// the cells already moved, finishes a batch that was frozen or copied, and removes copies left on the old shard.</remarks>
public sealed class Resharding(RedisFaceIndex index, RedisIndexOptions options)
{
    // Faces per copy or removal script, as the index writes them.
    private const int FacesPerScript = 32;

    /// <summary>The cells of <paramref name="cells"/> that <paramref name="from"/> still holds; throws <see cref="ArgumentException"/>
    /// when a cell belongs to a third shard or <paramref name="from"/> is not a shard.</summary>
    public async Task<ReshardPlan> PlanAsync(string from, string to, IReadOnlyList<int> cells)
    {
        if (from == to)
            throw new ArgumentException("A reshard moves cells to another shard: --from and --to are the same.");
        var map = await index.MapAsync();
        var source = IndexOf(map, from) ?? throw new ArgumentException($"{from} is not a shard of the map ({string.Join(", ", map.Endpoints)}).");
        var target = IndexOf(map, to);
        var foreign = cells.Where(cell => map.ShardOfCell(cell) != source && map.ShardOfCell(cell) != target).ToList();
        if (foreign.Count > 0)
            throw new ArgumentException($"Cells {ShardMap.Ranges(foreign)} belong to neither {from} nor {to}.");
        var toMove = cells.Where(cell => map.ShardOfCell(cell) == source).ToList();
        var moving = toMove.ToHashSet();
        var faces = (await index.Shard(from).AllIdsAsync()).Count(id => moving.Contains(ShardMap.CellOf(id)));
        return new ReshardPlan(map, from, to, toMove, [.. cells.Where(cell => !moving.Contains(cell))], faces);
    }

    /// <summary>Moves the plan's cells, <paramref name="cellsPerBatch"/> at a time (a write to a cell of the batch waits while the
    /// batch is copied), then removes what the old shard still holds of cells it no longer owns.</summary>
    public async Task<ReshardProgress> MoveAsync(ReshardPlan plan, int cellsPerBatch, Func<ReshardProgress, Task> progress,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cellsPerBatch, 1);
        var (from, to) = (index.Shard(plan.From), index.Shard(plan.To));
        var clock = Stopwatch.StartNew();
        var map = await index.MapAsync();
        if (!map.Endpoints.Contains(plan.To))
        {
            // Searchers learn of the new shard before any face is on it alone.
            map = map.Moving([], plan.To);
            await StoreAsync(map, map.Endpoints);
        }
        var (cellsDone, facesDone, lastCell) = (0, 0L, -1);
        foreach (var batch in plan.CellsToMove.Chunk(cellsPerBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var given = false;
            await from.FreezeAsync(batch);
            try
            {
                // Listed once frozen, so that no face of the batch is added or removed on the old shard from here on.
                var cells = batch.ToHashSet();
                var ids = (await from.AllIdsAsync()).Where(id => cells.Contains(ShardMap.CellOf(id))).ToList();
                await to.TakeCellsAsync(map, batch);
                // Copies of an earlier run that stopped before the switch: a face removed since then must not come back.
                var copied = ids.ToHashSet();
                foreach (var chunk in (await to.AllIdsAsync()).Where(id => cells.Contains(ShardMap.CellOf(id)) && !copied.Contains(id)).Chunk(FacesPerScript))
                    await to.RemoveCopiesAsync(chunk);
                foreach (var chunk in ids.Chunk(FacesPerScript))
                {
                    var faces = await from.ExportAsync(chunk);
                    if (faces.Length > 0)
                        await to.AddAsync(faces, options.VaddOptions);
                }
                map = map.Moving(batch, plan.To);
                await StoreAsync(map, map.Endpoints.Where(endpoint => endpoint != plan.From));
                await from.GiveCellsAsync(map, plan.To, batch);
                given = true;
                foreach (var chunk in ids.Chunk(FacesPerScript))
                    await from.RemoveCopiesAsync(chunk);
                (cellsDone, facesDone, lastCell) = (cellsDone + batch.Length, facesDone + ids.Count, batch[^1]);
            }
            finally
            {
                if (!given)
                    await from.ThawAsync(batch);
            }
            await progress(new ReshardProgress(cellsDone, plan.CellsToMove.Count, facesDone, lastCell, clock.Elapsed));
        }
        // Copies a stopped run left behind on the old shard, in cells it gave away before.
        var source = map.Endpoints.ToList().IndexOf(plan.From);
        var left = (await from.AllIdsAsync()).Where(id => map.ShardOf(id) != source).ToList();
        foreach (var chunk in left.Chunk(FacesPerScript))
            await from.RemoveCopiesAsync(chunk);
        return new ReshardProgress(cellsDone, plan.CellsToMove.Count, facesDone, lastCell, clock.Elapsed);
    }

    private async Task StoreAsync(ShardMap map, IEnumerable<string> endpoints)
    {
        foreach (var endpoint in endpoints)
            await index.Shard(endpoint).StoreMapAsync(map);
    }

    private static int? IndexOf(ShardMap map, string endpoint) => map.Endpoints.ToList().IndexOf(endpoint) is var shard and >= 0 ? shard : null;
}
