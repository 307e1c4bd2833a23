namespace Workers.Index.Exact;

/// <summary>Settings of the exact index, in section "Index" beside the shards'.</summary>
public sealed class ExactIndexOptions
{
    /// <summary>The folder of the float32 facens the exact index re-ranks with (2 KB per 512-d face, in a file unlinked at
    /// once); empty: the system's temporary folder. Put it on a disk, not on a tmpfs, which would keep the file in memory.</summary>
    public string? ExactDir { get; set; }
}
