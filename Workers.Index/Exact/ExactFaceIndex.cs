using Contracts.Index;
using Microsoft.Extensions.Logging;

namespace Workers.Index.Exact;

/// <summary>The standalone deployment's face index: every facen in process memory as int8, searched by a full SIMD scan and
/// re-ranked in float32 from a file of the exact facens, so that answers are exactly those of a float32 scan.</summary>
/// <remarks>Searches share a read lock and run side by side; writes take the lock alone. A face costs its int8 facen plus
/// about 60 bytes (bounds, face id, gallery set, id map entry) and 4 bytes per named gallery it is in in memory, and its
/// float32 facen on disk: no per-gallery copy of facens.</remarks>
public sealed class ExactFaceIndex : IFaceIndex, IDisposable
{
    /// <summary>The in-process index's one shard, as shard statistics name it.</summary>
    public const string Endpoint = "local";

    private const string Quantisation = "f32";

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<long, int> _rowOf = [];
    private readonly Dictionary<string, Gallery> _galleries = new(StringComparer.Ordinal);
    private readonly GallerySets _sets = new();
    private readonly string _folder;
    private FacenArena? _arena;
    private int _nextGalleryId;

    /// <param name="folder">Where the float32 facens' file goes (<see cref="ExactIndexOptions.ExactDir"/>); the temporary
    /// folder when null.</param>
    public ExactFaceIndex(string? folder = null, ILogger<ExactFaceIndex>? logger = null)
    {
        _folder = string.IsNullOrEmpty(folder) ? Path.GetTempPath() : folder;
        logger?.LogInformation("Exact face index: int8 scan with {InstructionSet}, float32 facens for re-ranking in {Folder}",
            FacenKernel.InstructionSet, _folder);
    }

    public string Space => IndexSpaces.Linear;

    public ValueTask<int> AddAsync(IReadOnlyList<IndexedFacen> faces, CancellationToken cancellationToken = default)
    {
        _lock.EnterWriteLock();
        try
        {
            var dimension = _arena?.Dimension ?? (faces.Count > 0 ? faces[0].Facen.Length : 0);
            foreach (var face in faces)
            {
                FacenShape.Check(face.Facen, dimension);
                GalleryNames.CheckAll(face.Galleries);
            }
            if (faces.Count == 0)
                return ValueTask.FromResult(0);
            if (dimension == 0)
                throw new ArgumentException("A facen needs at least one element.");

            _arena ??= new FacenArena(dimension, _folder);
            foreach (var face in faces)
            {
                if (_rowOf.TryGetValue(face.FaceId, out var row))
                {
                    _arena.Overwrite(row, face.Facen);
                    ChangeGalleries(row, face.Galleries);
                    continue;
                }
                Append(face);
            }
            return ValueTask.FromResult(faces.Count);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public ValueTask<int> RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken = default)
    {
        _lock.EnterWriteLock();
        try
        {
            var removed = 0;
            foreach (var faceId in faceIds)
            {
                if (!_rowOf.Remove(faceId, out var row))
                    continue;
                RemoveRow(row);
                removed++;
            }
            return ValueTask.FromResult(removed);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public ValueTask<bool> SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken = default)
    {
        GalleryNames.CheckAll(galleries);
        _lock.EnterWriteLock();
        try
        {
            if (!_rowOf.TryGetValue(faceId, out var row))
                return ValueTask.FromResult(false);
            ChangeGalleries(row, galleries);
            return ValueTask.FromResult(true);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public ValueTask<int> DropGalleryAsync(string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.CheckAll([gallery]);
        if (gallery == GalleryNames.Default)
            throw new ArgumentException($"Gallery '{GalleryNames.Default}' holds every face and cannot be dropped.");
        _lock.EnterWriteLock();
        try
        {
            if (!_galleries.Remove(gallery, out var dropped))
                return ValueTask.FromResult(0);
            // Rows of one set all move to the same smaller set: look it up once per set, not once per row.
            var smaller = new Dictionary<int, int>();
            foreach (var row in dropped.Rows)
            {
                ref var set = ref _arena!.GallerySet(row);
                if (smaller.TryGetValue(set, out var without))
                    _sets.Retain(without);
                else
                    smaller.Add(set, without = _sets.Acquire(_sets[set].Where(g => g != dropped)));
                _sets.Release(set);
                set = without;
            }
            return ValueTask.FromResult(dropped.Count);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public ValueTask<IndexSearch> SearchShardsAsync(IReadOnlyList<float[]> queries, string gallery, int n, float minSimilarity,
        bool? strict, bool linear = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (gallery != GalleryNames.Default)
            GalleryNames.CheckAll([gallery]);
        _lock.EnterReadLock();
        try
        {
            if (_arena is null)
                return Answer([.. queries.Select(_ => Array.Empty<FacenMatch>())]);
            foreach (var query in queries)
                FacenShape.Check(query, _arena.Dimension);
            if (gallery == GalleryNames.Default)
                return Answer(FacenScan.Search(_arena, new AllRows(_arena.Count), queries, n, minSimilarity));
            return Answer(_galleries.TryGetValue(gallery, out var members)
                ? FacenScan.Search(_arena, new MemberRows(members), queries, n, minSimilarity)
                : [.. queries.Select(_ => Array.Empty<FacenMatch>())]);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        // One shard, always answering; a scan is exact whatever linear asks.
        static ValueTask<IndexSearch> Answer(IReadOnlyList<FacenMatch>[] matches) => ValueTask.FromResult(new IndexSearch(matches, 1, 1, Indexed: false));
    }

    /// <summary>The memory its rows take (<see cref="FacenArena.Bytes"/>), without the id map and the galleries' row lists.</summary>
    internal long Bytes => _arena?.Bytes ?? 0;

    public ValueTask<int> CountAsync(CancellationToken cancellationToken = default)
    {
        _lock.EnterReadLock();
        try
        {
            return ValueTask.FromResult(_rowOf.Count);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public ValueTask<IReadOnlyList<ShardStats>> StatsAsync(CancellationToken cancellationToken = default)
    {
        _lock.EnterReadLock();
        try
        {
            var galleries = new List<GalleryStats>();
            if (_arena is { Count: > 0 } arena)
            {
                galleries.Add(new GalleryStats(GalleryNames.Default, arena.Count, arena.Dimension, Quantisation));
                galleries.AddRange(_galleries.Values.OrderBy(g => g.Name, StringComparer.Ordinal)
                    .Select(g => new GalleryStats(g.Name, g.Count, arena.Dimension, Quantisation)));
            }
            return ValueTask.FromResult<IReadOnlyList<ShardStats>>(
                [new ShardStats(Endpoint, true, Space, galleries)]);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public ValueTask<bool> AddToGalleryAsync(long faceId, float[] facen, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        _lock.EnterWriteLock();
        try
        {
            FacenShape.Check(facen, _arena?.Dimension ?? facen.Length);
            if (facen.Length == 0)
                throw new FacenShapeException("A facen needs at least one element.");
            if (!_rowOf.TryGetValue(faceId, out var row))
            {
                _arena ??= new FacenArena(facen.Length, _folder);
                Append(new IndexedFacen(faceId, facen, [gallery]));
                return ValueTask.FromResult(true);
            }
            if (IsMember(row, gallery))
                return ValueTask.FromResult(false);
            _arena!.Overwrite(row, facen);
            ChangeGalleries(row, [.. GalleryNamesOf(row), gallery]);
            return ValueTask.FromResult(true);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public ValueTask<float[]?> GetFacenAsync(long faceId, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        _lock.EnterReadLock();
        try
        {
            return ValueTask.FromResult(_rowOf.TryGetValue(faceId, out var row) && IsMember(row, gallery) ? _arena!.CopyFacen(row) : null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public ValueTask<bool> RemoveFromGalleryAsync(long faceId, string gallery, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        _lock.EnterWriteLock();
        try
        {
            if (!_rowOf.TryGetValue(faceId, out var row) || !IsMember(row, gallery))
                return ValueTask.FromResult(false);
            if (gallery == GalleryNames.Default)
            {
                _rowOf.Remove(faceId);
                RemoveRow(row);
            }
            else
                ChangeGalleries(row, [.. GalleryNamesOf(row).Where(name => name != gallery)]);
            return ValueTask.FromResult(true);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public ValueTask<IReadOnlyList<GalleryFacen>> ListAsync(string gallery, long startId, int count, CancellationToken cancellationToken = default)
    {
        GalleryNames.Check(gallery);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _lock.EnterReadLock();
        try
        {
            if (_arena is not { } arena)
                return ValueTask.FromResult<IReadOnlyList<GalleryFacen>>([]);
            IEnumerable<int> rows = gallery == GalleryNames.Default ? Enumerable.Range(0, arena.Count)
                : _galleries.TryGetValue(gallery, out var members) ? Enumerable.Range(0, members.Count).Select(members.Row)
                : [];
            return ValueTask.FromResult<IReadOnlyList<GalleryFacen>>([.. rows.Where(row => arena.FaceId(row) >= startId)
                .OrderBy(arena.FaceId).Take(count).Select(row => new GalleryFacen(arena.FaceId(row), arena.CopyFacen(row)))]);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        _arena?.Dispose();
        _lock.Dispose();
    }

    private void Append(IndexedFacen face)
    {
        var row = _arena!.Append(face.FaceId, face.Facen, _sets.Acquire(Resolve(face.Galleries)));
        // A new row is the greatest, so each gallery appends it.
        foreach (var gallery in _sets[_arena.GallerySet(row)])
            gallery.Add(row);
        _rowOf.Add(face.FaceId, row);
    }

    private bool IsMember(int row, string gallery) => gallery == GalleryNames.Default || GalleryNamesOf(row).Contains(gallery);

    private IEnumerable<string> GalleryNamesOf(int row) => _sets[_arena!.GallerySet(row)].Select(g => g.Name);

    private void ChangeGalleries(int row, IReadOnlyList<string> galleries)
    {
        ref var set = ref _arena!.GallerySet(row);
        var changed = _sets.Acquire(Resolve(galleries));
        var (before, after) = (_sets[set], _sets[changed]);
        foreach (var gallery in after.Except(before))
            gallery.Add(row);
        foreach (var gallery in before.Except(after))
            Leave(gallery, row);
        _sets.Release(set);
        set = changed;
    }

    private void RemoveRow(int row)
    {
        var arena = _arena!;
        var set = arena.GallerySet(row);
        foreach (var gallery in _sets[set])
            Leave(gallery, row);
        _sets.Release(set);

        var last = arena.Count - 1;
        if (row != last)
        {
            foreach (var gallery in _sets[arena.GallerySet(last)])
                gallery.Move(last, row);
            _rowOf[arena.FaceId(last)] = row;
        }
        arena.Remove(row);
    }

    /// <summary>Takes a row out of a gallery, and forgets the gallery once it is empty.</summary>
    private void Leave(Gallery gallery, int row)
    {
        gallery.Remove(row);
        if (gallery.Count == 0)
            _galleries.Remove(gallery.Name);
    }

    /// <summary>The named galleries behind names, created on first use; "default" is implied and left out.</summary>
    private IEnumerable<Gallery> Resolve(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (name == GalleryNames.Default)
                continue;
            if (!_galleries.TryGetValue(name, out var gallery))
                _galleries.Add(name, gallery = new Gallery(_nextGalleryId++, name));
            yield return gallery;
        }
    }
}
