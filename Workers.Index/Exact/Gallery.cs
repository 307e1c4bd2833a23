namespace Workers.Index.Exact;

/// <summary>A named gallery: the rows of its members, sorted so that a search reads the arena in address order.</summary>
internal sealed class Gallery(int id, string name)
{
    private int[] _rows = [];

    public int Id { get; } = id;
    public string Name { get; } = name;
    public int Count { get; private set; }
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);
    public int Row(int index) => _rows[index];

    public void Add(int row)
    {
        var at = ~Rows.BinarySearch(row);
        if (Count == _rows.Length)
            Array.Resize(ref _rows, Math.Max(16, 2 * Count));
        _rows.AsSpan(at, Count - at).CopyTo(_rows.AsSpan(at + 1));
        _rows[at] = row;
        Count++;
    }

    public void Remove(int row)
    {
        var at = Rows.BinarySearch(row);
        _rows.AsSpan(at + 1, Count - at - 1).CopyTo(_rows.AsSpan(at));
        Count--;
        if (Count < _rows.Length / 4)
            Array.Resize(ref _rows, Math.Max(16, 2 * Count));
    }

    /// <summary>Follows the arena's last row into the row it fills.</summary>
    public void Move(int last, int row)
    {
        // The last row of the arena is the greatest, so it ends the list.
        Count--;
        Add(row);
    }
}
