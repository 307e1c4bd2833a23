using Workers.Index.Redis;

namespace Workers.Index.Maintenance;

/// <summary>The operator's work on the Redis index shards, for the gateway's commands (check-index's wrong-shard repair,
/// reshard): what they need of the shards, without the shards' own types.</summary>
public sealed class ShardMaintenance
{
    private readonly RedisFaceIndex _index;

    private ShardMaintenance(RedisFaceIndex index) => _index = index;

    /// <summary>The shards' maintenance, or null when the index is not kept on shards (the exact index: nothing to move or check).</summary>
    public static ShardMaintenance? Of(IFaceIndex index) => index is RedisFaceIndex shards ? new ShardMaintenance(shards) : null;

    /// <summary>Cells given as ranges ("0-255,768-1023"); throws <see cref="ArgumentException"/> for anything else.</summary>
    public static IReadOnlyList<int> ParseCells(string ranges) => ShardMap.ParseCells(ranges);

    /// <summary>Cells as ranges: 0-255,768-1023.</summary>
    public static string Ranges(IEnumerable<int> cells) => ShardMap.Ranges(cells);

    /// <summary>The newest shard map, read from the shards now, as each shard's cells.</summary>
    public async Task<ShardLayout> LayoutAsync()
    {
        var map = await _index.MapAsync();
        return new ShardLayout(map.Version, [.. map.Endpoints.Select((endpoint, shard) => new ShardCellRanges(endpoint, ShardMap.Ranges(map.CellsOf(shard))))]);
    }

    /// <summary>The faces each shard holds in cells of another shard (left by a reshard that stopped before removing its copies,
    /// or written behind the index's back), by face id.</summary>
    public Task<IReadOnlyList<MisplacedFace>> ListMisplacedAsync() => _index.ListMisplacedAsync();

    /// <summary>Removes faces from a shard whatever cells it owns (the copies <see cref="ListMisplacedAsync"/> finds); returns how
    /// many were there.</summary>
    public Task<int> RemoveMisplacedAsync(string endpoint, IReadOnlyList<long> faceIds) => _index.RemoveMisplacedAsync(endpoint, faceIds);

    /// <summary>What a reshard of <paramref name="cells"/> from <paramref name="from"/> to <paramref name="to"/> would move (the dry
    /// run); throws <see cref="ArgumentException"/> when a cell belongs to a third shard or <paramref name="from"/> is not a shard.</summary>
    public Task<ReshardPlan> PlanReshardAsync(string from, string to, IReadOnlyList<int> cells) => new Resharding(_index).PlanAsync(from, to, cells);

    /// <summary>Moves the plan's cells while the cluster serves, <paramref name="cellsPerBatch"/> at a time, telling
    /// <paramref name="progress"/> after each batch; run again after a stop, it goes on where the last run stopped.</summary>
    public Task<ReshardProgress> ReshardAsync(ReshardPlan plan, int cellsPerBatch, Func<ReshardProgress, Task> progress,
        CancellationToken cancellationToken) =>
        new Resharding(_index).MoveAsync(plan, cellsPerBatch, progress, cancellationToken);
}

/// <summary>What a reshard would do: the cells still to move from one shard to another, the cells that are there already, and the
/// faces the first hold now, under the map of <paramref name="MapVersion"/>.</summary>
public sealed record ReshardPlan(long MapVersion, string From, string To, IReadOnlyList<int> CellsToMove, IReadOnlyList<int> CellsMoved,
    int FacesToMove);

/// <summary>Where a reshard stands after a batch of cells: moved so far in this run, and the last cell done.</summary>
public sealed record ReshardProgress(int CellsMoved, int CellsToMove, long FacesMoved, int LastCell, TimeSpan Elapsed);

/// <summary>A shard map: its version and each shard's cells, as ranges, in the shards' order.</summary>
public sealed record ShardLayout(long Version, IReadOnlyList<ShardCellRanges> Shards);

/// <summary>A shard of a <see cref="ShardLayout"/>: its endpoint and its cells, as ranges ("0-255,768-1023").</summary>
public sealed record ShardCellRanges(string Endpoint, string Cells);

/// <summary>A face a shard holds in a cell another shard owns.</summary>
public sealed record MisplacedFace(string Endpoint, long FaceId);
