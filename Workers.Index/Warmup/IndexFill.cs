using Contracts.Index;

namespace Workers.Index.Warmup;

/// <summary>Copies facens of the metadata store into the index a batch at a time, in id order: the exact index's warm-up
/// at start and the rebuild-index command, which keeps its place after each batch so that an interrupted run resumes.</summary>
public static class IndexFill
{
    // Batches keep a long fill from holding the index's write lock (or a shard) for long, and bound what a resumed run redoes.
    public const int BatchSize = 1024;

    /// <summary>Adds the faces of <paramref name="gallery"/> above <paramref name="afterId"/>, at most <paramref name="limit"/>;
    /// <paramref name="added"/> is told of each batch once the index holds it.</summary>
    /// <returns>How many faces were added.</returns>
    public static async Task<int> FillAsync(this IFaceIndex index, IFacenSource source, string gallery, long afterId, int limit,
        Func<IReadOnlyList<IndexedFacen>, Task>? added, CancellationToken cancellationToken)
    {
        var count = 0;
        var batch = new List<IndexedFacen>(BatchSize);
        await foreach (var face in source.ReadAsync(gallery, afterId, cancellationToken))
        {
            if (count + batch.Count == limit)
                break;
            batch.Add(face);
            if (batch.Count == BatchSize)
                count += await AddAsync();
        }
        return count + await AddAsync();

        async Task<int> AddAsync()
        {
            if (batch.Count == 0)
                return 0;
            await index.AddAsync(batch, cancellationToken);
            if (added is not null)
                await added(batch);
            var done = batch.Count;
            batch = new List<IndexedFacen>(BatchSize);
            return done;
        }
    }
}
