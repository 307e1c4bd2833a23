namespace Workers.Index.Redis;

/// <summary>Where the Redis vector-set shards are and how they are searched: section "Index", FindFace's tntapi settings.</summary>
public sealed class RedisIndexOptions
{
    public const string Section = "Index";

    /// <summary>Every shard with the cells it holds; together they hold each of the <see cref="ShardMap.Cells"/> cells once,
    /// as FindFace's tntapi_cluster.json spreads its shards over 1024 cells.</summary>
    public List<ShardCells> Shards { get; set; } = [];

    /// <summary>FindFace's tntapi_ignore_search_errors: answer from the shards that did answer instead of failing the search
    /// (a request's own strict flag takes priority).</summary>
    public bool IgnoreSearchErrors { get; set; }

    /// <summary>How long a search waits for a shard before counting it out.</summary>
    public int ShardTimeoutMs { get; set; } = 2_000;

    /// <summary>How facens are stored: "Q8" (int8, Redis's default: a quarter of the memory, similarities within ~0.01),
    /// "NOQUANT" (float32, exact similarities) or "BIN" (1 bit per component: under 1 KB per face, but similarities too
    /// coarse to rank the top 10; docs/cluster-performance.md).</summary>
    public string Quantisation { get; set; } = "Q8";

    /// <summary>HNSW graph degree (VADD M; 2M links per face on the bottom layer, 8 bytes each): more finds more of the
    /// true top n at a given <see cref="SearchEf"/> and costs memory and load time (measured: M 8 -164 B per face and
    /// much lower recall, M 32 +327 B and higher recall). Fixed when a shard's set is created: a set made with another M
    /// refuses the index's writes.</summary>
    public int M { get; set; } = 16;

    /// <summary>HNSW candidate list while inserting (VADD EF), Redis's default: measured, 100 loads faster at slightly
    /// lower recall and 400 loads slower for no better recall.</summary>
    public int BuildEf { get; set; } = 200;

    /// <summary>HNSW candidate list of a search (VSIM EF); at least n. Higher finds more of the true top n, slower: on
    /// face-like synthetic facens recall@10 measured 0.90 / 0.98 at EF 100 / 800 over 100k faces and 0.80 / 0.97 over
    /// 409,600, the latency growing about linearly with EF (docs/cluster-performance.md).</summary>
    public int SearchEf { get; set; } = 800;

    /// <summary>How a shard searches (FindFace's linear and indexed spaces): "Hnsw" walks the vector set's graph (approximate,
    /// <see cref="SearchEf"/>), "Exact" scores every face of the gallery set (this worker's copy of the shard with
    /// <see cref="ExactCopy"/>, else Redis's VSIM TRUTH; int8 facens: exact up to quantisation), "Auto" is Exact on a shard whose
    /// gallery set holds fewer than <see cref="ExactLimit"/> faces and Hnsw on the others. A request's linear_search always scans.</summary>
    public string Search { get; set; } = SearchModes.Auto;

    /// <summary>Whether the exact path scans an int8 copy of each shard kept in this worker (<see cref="ShardCopy"/>: loaded when the
    /// worker starts, freed when it no longer scans the shard (<see cref="ShardCopies"/>), kept current by the shard's change feed; ~600 B of memory per face of the shard, and its
    /// facens on disk in <see cref="ExactDir"/>) rather than have Redis score every face (VSIM TRUTH, which serves while a copy
    /// loads). Measured: the copy answers ~6x faster (docs/cluster-performance.md, "Exact or HNSW per shard").</summary>
    public bool ExactCopy { get; set; } = true;

    /// <summary>The folder of the float32 facens the shards' copies re-rank with, as the exact index's <c>Index:ExactDir</c>
    /// (2 KB per 512-d face, a file unlinked at once); empty: the system's temporary folder.</summary>
    public string? ExactDir { get; set; }

    /// <summary>The gallery size per shard below which "Auto" scans. Measured on two shards of ~507,800 faces each (quiet): the
    /// workers' copies (<see cref="ExactCopy"/>) answered in 21.1 ms p50 against 14.1 ms for HNSW at EF 800, finding every own
    /// face (1.000 against 0.900); the scan grows linearly with the shard and the graph hardly, so they cross near 340,000 faces a
    /// shard, and below 250,000 a scan is as fast and misses no one (docs/cluster-performance.md, "Exact or HNSW per shard").
    /// With <see cref="ExactCopy"/> off, Redis's own scan costs ~0.4 us per face: 20,000 then.</summary>
    public int ExactLimit { get; set; } = 250_000;

    /// <summary>How long a write waits for a cell that the reshard command is copying to another shard (it is frozen for the
    /// seconds its faces take to copy) before failing.</summary>
    public int FrozenCellWaitMs { get; set; } = 30_000;

    /// <summary>The options every VADD of the index passes after the element, as <see cref="ShardScripts"/> take them.</summary>
    internal string VaddOptions => $"{Quantisation} M {M} EF {BuildEf}";
}

/// <summary>One shard: a Redis endpoint ("host:port") and its cells as ranges ("0-511", "0-255,768-1023"), with how to connect.</summary>
public sealed class ShardCells
{
    public string Endpoint { get; set; } = "";
    public string Cells { get; set; } = "";

    /// <summary>The shard's password (Redis's requirepass, or the default user's in an ACL); none when unset. Kept out of
    /// <see cref="Endpoint"/>, which the shard statistics show.</summary>
    public string? Password { get; set; }

    /// <summary>Connect over TLS (a shard started with tls-port; its certificate must be trusted by this machine).</summary>
    public bool Ssl { get; set; }
}

/// <summary>The values of <see cref="RedisIndexOptions.Search"/>.</summary>
public static class SearchModes
{
    public const string Hnsw = "Hnsw";
    public const string Exact = "Exact";
    public const string Auto = "Auto";
}
