using System.Runtime.CompilerServices;
using Workers.Index.Exact;
using Workers.Index.Warmup;

namespace Index.Tests.Warmup;

/// <summary>The fill the exact index's warm-up and rebuild-index share: batches in id order, after a face id, up to a limit.</summary>
public sealed class IndexFill_Specs : IDisposable
{
    private readonly Facens _facens = new(16);
    private readonly ExactFaceIndex _index = new();

    [Fact]
    public async Task Should_add_the_faces_after_an_id_up_to_the_limit_in_batches_that_end_where_a_resumed_fill_begins()
    {
        var source = new ListSource([.. Enumerable.Range(1, 3000).Select(id => new IndexedFacen(id, _facens.Next(), []))]);
        var batches = new List<(int Count, long Last)>();

        var added = await _index.FillAsync(source, "default", afterId: 100, limit: 2500,
            batch =>
            {
                batches.Add((batch.Count, batch[^1].FaceId));
                return Task.CompletedTask;
            }, CancellationToken.None);

        Assert.Equal(2500, added);
        Assert.Equal([(IndexFill.BatchSize, 100 + IndexFill.BatchSize), (IndexFill.BatchSize, 100 + 2 * IndexFill.BatchSize), (452, 2600)], batches);
        Assert.Equal(2500, await _index.CountAsync());
        var resumed = await _index.FillAsync(source, "default", afterId: batches[^1].Last, int.MaxValue, added: null, CancellationToken.None);
        Assert.Equal(400, resumed);
        Assert.Equal(2900, await _index.CountAsync());
    }

    public void Dispose() => _index.Dispose();

    /// <summary>Faces in ascending id order, as the metadata store reads them.</summary>
    private sealed class ListSource(IReadOnlyList<IndexedFacen> faces) : IFacenSource
    {
        public async IAsyncEnumerable<IndexedFacen> ReadAsync(string gallery, long afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var face in faces.Where(face => face.FaceId > afterId))
                yield return face;
        }

        public Task<int> CountAsync(string gallery, long afterId, CancellationToken cancellationToken) =>
            Task.FromResult(faces.Count(face => face.FaceId > afterId));
    }
}
