using System.Runtime.InteropServices;

namespace Workers.Index.Exact;

/// <summary>The index's rows: row r holds a facen quantised to int8 (<see cref="Int8Facens"/>) in chunks of native memory, its
/// bounds, face id and gallery set, and its float32 facen in a <see cref="FacenFile"/>. Int8 facens lie back to back so a scan
/// streams them, and a face costs no object of its own; a removed row is filled by the last one.</summary>
internal sealed unsafe partial class FacenArena : IDisposable
{
    // 16384 rows (8 MiB of 512-d int8 facens) per chunk: growing allocates without copying, and at most one chunk is partly used.
    private const int ChunkShift = 14;
    private const int ChunkRows = 1 << ChunkShift;
    private const int RowMask = ChunkRows - 1;

    // Chunks start on a 2 MiB boundary and are advised for pages of that size (madvise's MADV_HUGEPAGE).
    private const int HugePageBytes = 2 << 20;
    private const int MadvHugePage = 14;

    private readonly FacenFile _exact;
    private nint[] _values = [];
    private RowBounds[][] _bounds = [];
    private long[][] _faceIds = [];
    private int[][] _gallerySets = [];
    private int _chunks;

    public FacenArena(int dimension, string folder)
    {
        Dimension = dimension;
        Stride = Int8Facens.Stride(dimension);
        _exact = new FacenFile(folder, dimension);
    }

    public int Dimension { get; }

    /// <summary>Bytes of a row's int8 facen, padded for the kernel.</summary>
    public int Stride { get; }

    public int Count { get; private set; }

    /// <summary>The memory its rows take, in whole chunks: the int8 facens (native) and their bounds, face ids and gallery sets;
    /// not the float32 facens, which are in the file.</summary>
    public long Bytes => (long)_chunks * (ChunkBytes + (long)ChunkRows * (sizeof(RowBounds) + sizeof(long) + sizeof(int)));
    private long ChunkBytes => (long)ChunkRows * Stride;

    public sbyte* Values(int row) => (sbyte*)_values[row >> ChunkShift] + (nint)(row & RowMask) * Stride;
    public ref readonly RowBounds Bounds(int row) => ref _bounds[row >> ChunkShift][row & RowMask];
    public long FaceId(int row) => _faceIds[row >> ChunkShift][row & RowMask];
    public ref int GallerySet(int row) => ref _gallerySets[row >> ChunkShift][row & RowMask];

    /// <summary>The float32 facen of a row, as it was given.</summary>
    public void ReadFacen(int row, Span<float> facen) => _exact.Read(row, facen);

    public float[] CopyFacen(int row)
    {
        var facen = new float[Dimension];
        ReadFacen(row, facen);
        return facen;
    }

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

    public void Overwrite(int row, ReadOnlySpan<float> facen)
    {
        _bounds[row >> ChunkShift][row & RowMask] = Int8Facens.Quantise(facen, new Span<sbyte>(Values(row), Stride));
        _exact.Write(row, facen);
    }

    /// <summary>Drops a row by moving the last row into it; the caller fixes up what refers to the last row.</summary>
    public void Remove(int row)
    {
        var last = --Count;
        if (row != last)
        {
            new ReadOnlySpan<sbyte>(Values(last), Stride).CopyTo(new Span<sbyte>(Values(row), Stride));
            _bounds[row >> ChunkShift][row & RowMask] = Bounds(last);
            _faceIds[row >> ChunkShift][row & RowMask] = FaceId(last);
            GallerySet(row) = GallerySet(last);
            var facen = new float[Dimension];
            _exact.Read(last, facen);
            _exact.Write(row, facen);
        }
        _exact.Truncate(Count);
        // Keep one spare chunk so that a face added and removed at a chunk boundary does not allocate each time.
        while (_chunks > 1 && (_chunks - 2) * ChunkRows >= Count)
            FreeChunk();
    }

    private void AddChunk()
    {
        if (_chunks == _values.Length)
        {
            var capacity = Math.Max(4, 2 * _chunks);
            Array.Resize(ref _values, capacity);
            Array.Resize(ref _bounds, capacity);
            Array.Resize(ref _faceIds, capacity);
            Array.Resize(ref _gallerySets, capacity);
        }
        var chunk = NativeMemory.AlignedAlloc((nuint)ChunkBytes, HugePageBytes);
        // Linux backs advised memory with 2 MiB pages (its default THP mode is "madvise"): a scan then takes one TLB miss per
        // 4,096 rows instead of per 8, and read 1M rows ~20 % faster here. Without it the scan is only slower.
        if (OperatingSystem.IsLinux())
            _ = Madvise(chunk, (nuint)ChunkBytes, MadvHugePage);
        _values[_chunks] = (nint)chunk;
        GC.AddMemoryPressure(ChunkBytes);
        _bounds[_chunks] = new RowBounds[ChunkRows];
        _faceIds[_chunks] = new long[ChunkRows];
        _gallerySets[_chunks] = new int[ChunkRows];
        _chunks++;
    }

    private void FreeChunk()
    {
        _chunks--;
        NativeMemory.AlignedFree((void*)_values[_chunks]);
        GC.RemoveMemoryPressure(ChunkBytes);
        (_values[_chunks], _bounds[_chunks], _faceIds[_chunks], _gallerySets[_chunks]) = (0, null!, null!, null!);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

    public void Dispose()
    {
        while (_chunks > 0)
            FreeChunk();
        _exact.Dispose();
    }
}
