using System.Runtime.InteropServices;

namespace Workers.Index.Exact;

/// <summary>The index's rows, in chunks of native memory: row r holds a facen, its face id and its gallery set. Facens lie
/// back to back so a scan streams them, and a face costs no object of its own; a removed row is filled by the last one.</summary>
internal sealed unsafe class FacenArena(int dimension) : IDisposable
{
    // 16384 rows (32 MiB of 512-d facens) per chunk: growing allocates without copying, and at most one chunk is partly used.
    private const int ChunkShift = 14;
    private const int ChunkRows = 1 << ChunkShift;
    private const int RowMask = ChunkRows - 1;

    private nint[] _facens = [];
    private long[][] _faceIds = [];
    private int[][] _gallerySets = [];
    private int _chunks;

    public int Dimension { get; } = dimension;
    public int Count { get; private set; }
    private long ChunkBytes => (long)ChunkRows * Dimension * sizeof(float);

    public float* Facen(int row) => (float*)_facens[row >> ChunkShift] + (nint)(row & RowMask) * Dimension;
    public float[] CopyFacen(int row) => new ReadOnlySpan<float>(Facen(row), Dimension).ToArray();
    public long FaceId(int row) => _faceIds[row >> ChunkShift][row & RowMask];
    public ref int GallerySet(int row) => ref _gallerySets[row >> ChunkShift][row & RowMask];

    public int Append(long faceId, ReadOnlySpan<float> facen, int gallerySet)
    {
        if (Count == _chunks * ChunkRows)
            AddChunk();
        var row = Count++;
        Overwrite(row, facen);
        _faceIds[row >> ChunkShift][row & RowMask] = faceId;
        GallerySet(row) = gallerySet;
        return row;
    }

    public void Overwrite(int row, ReadOnlySpan<float> facen) => facen.CopyTo(new Span<float>(Facen(row), Dimension));

    /// <summary>Drops a row by moving the last row into it; the caller fixes up what refers to the last row.</summary>
    public void Remove(int row)
    {
        var last = --Count;
        if (row != last)
        {
            new ReadOnlySpan<float>(Facen(last), Dimension).CopyTo(new Span<float>(Facen(row), Dimension));
            _faceIds[row >> ChunkShift][row & RowMask] = FaceId(last);
            GallerySet(row) = GallerySet(last);
        }
        // Keep one spare chunk so that a face added and removed at a chunk boundary does not allocate each time.
        while (_chunks > 1 && (_chunks - 2) * ChunkRows >= Count)
            FreeChunk();
    }

    private void AddChunk()
    {
        if (_chunks == _facens.Length)
        {
            var capacity = Math.Max(4, 2 * _chunks);
            Array.Resize(ref _facens, capacity);
            Array.Resize(ref _faceIds, capacity);
            Array.Resize(ref _gallerySets, capacity);
        }
        _facens[_chunks] = (nint)NativeMemory.AlignedAlloc((nuint)ChunkBytes, 64);
        GC.AddMemoryPressure(ChunkBytes);
        _faceIds[_chunks] = new long[ChunkRows];
        _gallerySets[_chunks] = new int[ChunkRows];
        _chunks++;
    }

    private void FreeChunk()
    {
        _chunks--;
        NativeMemory.AlignedFree((void*)_facens[_chunks]);
        GC.RemoveMemoryPressure(ChunkBytes);
        (_facens[_chunks], _faceIds[_chunks], _gallerySets[_chunks]) = (0, null!, null!);
    }

    public void Dispose()
    {
        while (_chunks > 0)
            FreeChunk();
    }
}
