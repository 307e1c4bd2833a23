using System.Diagnostics;
using Workers.Index.Maintenance;

namespace Workers.Index.Redis;

/// <summary>A point of a batch's move, between two of its steps: what a spec waits for to write to a shard right there.</summary>
internal enum ReshardStep
{
    /// <summary>The batch is frozen on the old shard and its faces listed, in one script.</summary>
    Frozen,

    /// <summary>Its faces are on the new shard too; no shard holds the map that gives the batch away yet.</summary>
    Copied,

    /// <summary>The new shard and the shards not involved hold that map; the old shard still holds the batch frozen.</summary>
    Switched,

    /// <summary>The old shard holds the map too and refuses writes to the batch with CELLMOVED; its copies are still there.</summary>
    Given,
}

/// <summary>Moves cells from one shard to another while the cluster searches and enrolls (FindFace's 1,024 cells exist so that
/// shards can be added): a batch of cells at a time, it freezes them on the old shard (a write to them waits), copies their faces
/// to the new shard, stores the next map on every shard (the old shard refuses later writes to the cells with CELLMOVED, and
/// tells every searcher that its map is old), then removes the old copies.</summary>
/// <remarks>No write is lost: the batch is frozen and listed in one script, so that every face written to it before is copied
/// and every write after waits until a shard holds the map that sends it to the new shard. Searches stay whole throughout: a
/// face is on the old shard until after the new map is stored there, a search asks every shard of its map and a shard answers
/// with its map's version (<see cref="RedisFaceIndex"/> searches again under a newer one), and a face on both shards for a
/// moment counts once. The stored map is the reshard's checkpoint: run again, it skips the cells already moved (giving them
/// away on the old shard, in case the last run stopped before), finishes a batch that was frozen or copied, and removes
/// copies left on the old shard.</remarks>
/// <param name="stepped">Called between the steps of each batch (specs write there); null in the command.</param>
internal sealed class Resharding(RedisFaceIndex index, Func<ReshardStep, IReadOnlyList<int>, Task>? stepped = null)
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
        return new ReshardPlan(map.Version, from, to, toMove, [.. cells.Where(cell => !moving.Contains(cell))], faces);
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
        // A run that stopped after storing a batch's map on the new shard but before giving the batch away left it frozen here.
        if (plan.CellsMoved.Count > 0)
            await from.GiveCellsAsync(map, plan.To, plan.CellsMoved);
        var (cellsDone, facesDone, lastCell) = (0, 0L, -1);
        foreach (var batch in plan.CellsToMove.Chunk(cellsPerBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = await from.FreezeAsync(batch);
            var switching = false;
            try
            {
                await StepAsync(ReshardStep.Frozen, batch);
                await to.TakeCellsAsync(map, batch);
                // Copies of an earlier run that stopped before the switch: a face removed since then must not come back.
                var (cells, copied) = (batch.ToHashSet(), ids.ToHashSet());
                foreach (var chunk in (await to.AllIdsAsync()).Where(id => cells.Contains(ShardMap.CellOf(id)) && !copied.Contains(id)).Chunk(FacesPerScript))
                    await to.RemoveCopiesAsync(chunk);
                foreach (var chunk in ids.Chunk(FacesPerScript))
                {
                    var faces = await from.ExportAsync(chunk);
                    if (faces.Length > 0)
                        await to.AddAsync(faces, index.Options.VaddOptions);
                }
                await StepAsync(ReshardStep.Copied, batch);
                var next = map.Moving(batch, plan.To);
                // From the first store on, a shard may send writes of the batch to the new shard: the old one must never take
                // them again, so a failure from here leaves the batch frozen for the next run to finish.
                switching = true;
                await StoreAsync(next, [plan.To, .. next.Endpoints.Where(endpoint => endpoint != plan.From && endpoint != plan.To)]);
                await StepAsync(ReshardStep.Switched, batch);
                await from.GiveCellsAsync(next, plan.To, batch);
                map = next;
                await StepAsync(ReshardStep.Given, batch);
                foreach (var chunk in ids.Chunk(FacesPerScript))
                    await from.RemoveCopiesAsync(chunk);
                (cellsDone, facesDone, lastCell) = (cellsDone + batch.Length, facesDone + ids.Length, batch[^1]);
            }
            catch when (!switching)
            {
                // No shard sends writes of the batch anywhere but here: the copies go (a search would find a face removed here
                // on the new shard), then the old shard takes writes to the batch again.
                foreach (var chunk in ids.Chunk(FacesPerScript))
                    await to.RemoveCopiesAsync(chunk);
                await from.ThawAsync(batch);
                throw;
            }
            await progress(new ReshardProgress(cellsDone, plan.CellsToMove.Count, facesDone, lastCell, clock.Elapsed));
        }
        // Every shard ends with the last map, also one not written since a stopped run.
        await StoreAsync(map, map.Endpoints);
        // Copies a stopped run left behind on the old shard, in cells it gave away before.
        var source = map.Endpoints.ToList().IndexOf(plan.From);
        var left = (await from.AllIdsAsync()).Where(id => map.ShardOf(id) != source).ToList();
        foreach (var chunk in left.Chunk(FacesPerScript))
            await from.RemoveCopiesAsync(chunk);
        return new ReshardProgress(cellsDone, plan.CellsToMove.Count, facesDone, lastCell, clock.Elapsed);
    }

    private Task StepAsync(ReshardStep step, IReadOnlyList<int> batch) => stepped?.Invoke(step, batch) ?? Task.CompletedTask;

    private async Task StoreAsync(ShardMap map, IEnumerable<string> endpoints)
    {
        foreach (var endpoint in endpoints)
            await index.Shard(endpoint).StoreMapAsync(map);
    }

    private static int? IndexOf(ShardMap map, string endpoint) => map.Endpoints.ToList().IndexOf(endpoint) is var shard and >= 0 ? shard : null;
}
