using Contracts.Index;

namespace Workers.Index.Warmup;

/// <summary>Where the index is rebuilt from at start: the metadata store, which is the source of truth for facens.</summary>
public interface IFacenSource
{
    IAsyncEnumerable<IndexedFacen> ReadAllAsync(CancellationToken cancellationToken);
}
