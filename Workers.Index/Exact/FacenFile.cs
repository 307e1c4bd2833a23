using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Workers.Index.Exact;

/// <summary>The float32 facens of the arena's rows, for re-ranking: row r at r times the facen's bytes, in a file that is
/// unlinked as soon as it is open (Linux keeps it while the handle lives), so it goes with the process, even on a crash, and
/// no other process can open it. A search reads only its few candidates (pread), so the 2 KB per face stay on disk or in
/// the page cache, which the kernel may drop, instead of in the process's memory.</summary>
internal sealed class FacenFile : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly int _rowBytes;

    public FacenFile(string folder, int dimension)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"exact-facens-{Guid.NewGuid():N}.f32");
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.Delete(path);
        _rowBytes = dimension * sizeof(float);
    }

    public void Write(int row, ReadOnlySpan<float> facen) => RandomAccess.Write(_file, MemoryMarshal.AsBytes(facen), Offset(row));

    public void Read(int row, Span<float> facen)
    {
        if (RandomAccess.Read(_file, MemoryMarshal.AsBytes(facen), Offset(row)) != _rowBytes)
            throw new InvalidOperationException($"The exact index's facen file ends before row {row}.");
    }

    /// <summary>Keeps the first <paramref name="rows"/> rows: a removed face's float32 facen leaves the file.</summary>
    public void Truncate(int rows) => RandomAccess.SetLength(_file, Offset(rows));

    public void Dispose() => _file.Dispose();

    private long Offset(int row) => (long)row * _rowBytes;
}
