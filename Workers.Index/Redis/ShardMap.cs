using System.Globalization;

namespace Workers.Index.Redis;

/// <summary>Which shard holds a face: the face id hashes to one of 1024 cells, and every cell belongs to one shard, so
/// shards can be added by moving cells without rehashing ids (FindFace's tntapi_cluster.json model).</summary>
public sealed class ShardMap
{
    public const int Cells = 1024;

    private readonly int[] _shardOfCell;

    private ShardMap(IReadOnlyList<string> endpoints, int[] shardOfCell, long version = 0) =>
        (Endpoints, _shardOfCell, Version) = (endpoints, shardOfCell, version);

    /// <summary>The shard endpoints, in configuration order; a shard's number is its place here.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>0 for the configured map; each cell move the reshard command makes stores a map of the next version on the
    /// shards, which then wins over the configuration (<see cref="RedisFaceIndex"/> reads it).</summary>
    public long Version { get; }

    public int ShardOf(long faceId) => _shardOfCell[CellOf(faceId)];

    public int ShardOfCell(int cell) => _shardOfCell[cell];

    /// <summary>The cells of a shard, in order.</summary>
    public IEnumerable<int> CellsOf(int shard) => Enumerable.Range(0, Cells).Where(cell => _shardOfCell[cell] == shard);

    /// <summary>The next version of the map, with <paramref name="cells"/> given to <paramref name="endpoint"/> (added as a
    /// shard when it is new).</summary>
    public ShardMap Moving(IEnumerable<int> cells, string endpoint)
    {
        var endpoints = Endpoints.Contains(endpoint) ? Endpoints : [.. Endpoints, endpoint];
        var shardOfCell = (int[])_shardOfCell.Clone();
        var shard = endpoints.ToList().IndexOf(endpoint);
        foreach (var cell in cells)
            shardOfCell[cell] = shard;
        return new ShardMap(endpoints, shardOfCell, Version + 1);
    }

    /// <summary>The map as the shards store it: its version, then a line per shard, "endpoint cells" (ranges as configured).</summary>
    public string ToText() =>
        string.Join('\n', [Version.ToString(CultureInfo.InvariantCulture),
            .. Endpoints.Select((endpoint, shard) => $"{endpoint} {Ranges(CellsOf(shard))}")]);

    /// <summary>A map written by <see cref="ToText"/>.</summary>
    public static ShardMap Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var shards = lines.Skip(1).Select(line => line.Split(' ', 2))
            .Select(fields => new ShardCells { Endpoint = fields[0], Cells = fields.Length > 1 ? fields[1] : "" }).ToList();
        var map = From(shards);
        return new ShardMap(map.Endpoints, map._shardOfCell, long.Parse(lines[0], CultureInfo.InvariantCulture));
    }

    /// <summary>Cells as ranges: 0-255,768-1023.</summary>
    public static string Ranges(IEnumerable<int> cells)
    {
        var ranges = new List<string>();
        foreach (var run in cells.Order().Aggregate(new List<(int First, int Last)>(), (runs, cell) =>
                 {
                     if (runs.Count > 0 && runs[^1].Last == cell - 1)
                         runs[^1] = (runs[^1].First, cell);
                     else
                         runs.Add((cell, cell));
                     return runs;
                 }))
            ranges.Add(run.First == run.Last ? $"{run.First}" : $"{run.First}-{run.Last}");
        return string.Join(',', ranges);
    }

    /// <summary>Cells given as ranges ("0-255,768-1023"); throws <see cref="ArgumentException"/> for anything else.</summary>
    public static IReadOnlyList<int> ParseCells(string ranges) =>
    [
        .. ranges.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(range => ParseRange(range, "the command line"))
            .SelectMany(range => Enumerable.Range(range.First, range.Last - range.First + 1)).Distinct().Order(),
    ];

    /// <summary>A stable hash (splitmix64's finaliser): ids that grow with time still spread evenly over the cells.</summary>
    public static int CellOf(long faceId)
    {
        var x = (ulong)faceId;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
        return (int)((x ^ (x >> 31)) % Cells);
    }

    /// <summary>Shards spread evenly over the cells in order, as FindFace's tntapi_cluster.json script does.</summary>
    public static ShardMap Even(IReadOnlyList<string> endpoints)
    {
        if (endpoints.Count is 0 or > Cells)
            throw new ArgumentException($"A shard map needs 1 to {Cells} shards, not {endpoints.Count}.");
        return new ShardMap(endpoints, [.. Enumerable.Range(0, Cells).Select(cell => cell * endpoints.Count / Cells)]);
    }

    /// <summary>The configured map; throws <see cref="ArgumentException"/> unless every cell belongs to exactly one shard.</summary>
    public static ShardMap From(IReadOnlyList<ShardCells> shards)
    {
        var shardOfCell = Enumerable.Repeat(-1, Cells).ToArray();
        for (var shard = 0; shard < shards.Count; shard++)
        foreach (var range in shards[shard].Cells.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (first, last) = ParseRange(range, shards[shard].Endpoint);
            for (var cell = first; cell <= last; cell++)
            {
                if (shardOfCell[cell] >= 0)
                    throw new ArgumentException($"Cell {cell} is given to both {shards[shardOfCell[cell]].Endpoint} and {shards[shard].Endpoint}.");
                shardOfCell[cell] = shard;
            }
        }
        var orphan = Array.IndexOf(shardOfCell, -1);
        if (orphan >= 0)
            throw new ArgumentException($"Cell {orphan} belongs to no shard: the shards' cells must cover 0-{Cells - 1}.");
        return new ShardMap([.. shards.Select(shard => shard.Endpoint)], shardOfCell);
    }

    private static (int First, int Last) ParseRange(string range, string endpoint)
    {
        var bounds = range.Split('-', StringSplitOptions.TrimEntries);
        if (bounds.Length is 1 or 2 && int.TryParse(bounds[0], out var first) && int.TryParse(bounds[^1], out var last)
            && first >= 0 && first <= last && last < Cells)
            return (first, last);
        throw new ArgumentException($"Cells '{range}' of shard {endpoint} is not a cell or range of cells within 0-{Cells - 1}.");
    }
}
