namespace Workers.Index.Exact;

/// <summary>Interned sets of named galleries, counted by the rows that hold them: a row keeps the number of its set,
/// since faces share a few combinations of galleries and a list per face would cost an object each.</summary>
internal sealed class GallerySets
{
    /// <summary>The set of a face that is only in "default".</summary>
    public const int None = 0;

    private readonly List<Gallery[]> _sets = [[]];
    private readonly List<int> _rows = [0];
    private readonly Dictionary<string, int> _byKey = new() { [""] = None };
    private readonly Stack<int> _unused = new();

    public Gallery[] this[int set] => _sets[set];

    /// <summary>The set of exactly these galleries, with one more row counted for it.</summary>
    public int Acquire(IEnumerable<Gallery> galleries)
    {
        var members = galleries.Distinct().OrderBy(g => g.Id).ToArray();
        var key = Key(members);
        if (!_byKey.TryGetValue(key, out var set))
        {
            if (_unused.TryPop(out set))
                _sets[set] = members;
            else
            {
                set = _sets.Count;
                _sets.Add(members);
                _rows.Add(0);
            }
            _byKey.Add(key, set);
        }
        Retain(set);
        return set;
    }

    public void Retain(int set)
    {
        if (set != None)
            _rows[set]++;
    }

    public void Release(int set)
    {
        if (set == None || --_rows[set] > 0)
            return;
        _byKey.Remove(Key(_sets[set]));
        _sets[set] = [];
        _unused.Push(set);
    }

    private static string Key(Gallery[] members) => string.Join(',', members.Select(g => g.Id));
}
