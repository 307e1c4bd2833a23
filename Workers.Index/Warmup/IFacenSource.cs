using Contracts.Index;

namespace Workers.Index.Warmup;

/// <summary>Where the index is filled from: the metadata store, which is the source of truth for facens.</summary>
public interface IFacenSource
{
    /// <summary>The faces of <paramref name="gallery"/> ("default": all) with ids above <paramref name="afterId"/>, in
    /// ascending id order, so that the last id read marks how far a fill got.</summary>
    IAsyncEnumerable<IndexedFacen> ReadAsync(string gallery, long afterId, CancellationToken cancellationToken);

    /// <summary>How many faces <see cref="ReadAsync"/> would yield.</summary>
    Task<int> CountAsync(string gallery, long afterId, CancellationToken cancellationToken);
}
