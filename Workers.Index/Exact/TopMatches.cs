using Contracts.Index;

namespace Workers.Index.Exact;

/// <summary>The best matches of one query seen so far by one scan shard: a bounded min-heap whose root is the worst kept.</summary>
internal sealed class TopMatches(int capacity, float minSimilarity)
{
    private readonly float[] _similarities = new float[capacity];
    private readonly long[] _faceIds = new long[capacity];
    private int _count;

    /// <summary>Similarities below this cannot enter: the threshold until the heap is full, then the worst kept.</summary>
    public float Floor { get; private set; } = minSimilarity;

    public void Offer(float similarity, long faceId)
    {
        if (similarity < Floor)
            return;
        if (_count < capacity)
        {
            var at = _count++;
            while (at > 0 && Better(_similarities[(at - 1) / 2], _faceIds[(at - 1) / 2], similarity, faceId))
            {
                var parent = (at - 1) / 2;
                (_similarities[at], _faceIds[at]) = (_similarities[parent], _faceIds[parent]);
                at = parent;
            }
            (_similarities[at], _faceIds[at]) = (similarity, faceId);
        }
        else if (Better(similarity, faceId, _similarities[0], _faceIds[0]))
            SiftDown(similarity, faceId);
        else
            return;
        if (_count == capacity)
            Floor = _similarities[0];
    }

    /// <summary>The best <paramref name="n"/> of the matches kept by all shards, best first.</summary>
    public static FacenMatch[] Merge(IEnumerable<TopMatches> shards, int n) =>
    [
        .. shards.SelectMany(top => Enumerable.Range(0, top._count).Select(i => new FacenMatch(top._faceIds[i], top._similarities[i])))
            .OrderByDescending(match => match.Similarity).ThenBy(match => match.FaceId).Take(n),
    ];

    /// <summary>Higher similarity first; of equal similarities, the lower (older) face id.</summary>
    private static bool Better(float similarity, long faceId, float otherSimilarity, long otherFaceId) =>
        similarity > otherSimilarity || (similarity == otherSimilarity && faceId < otherFaceId);

    private void SiftDown(float similarity, long faceId)
    {
        var at = 0;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= _count)
                break;
            if (child + 1 < _count && Better(_similarities[child], _faceIds[child], _similarities[child + 1], _faceIds[child + 1]))
                child++;
            if (!Better(similarity, faceId, _similarities[child], _faceIds[child]))
                break;
            (_similarities[at], _faceIds[at]) = (_similarities[child], _faceIds[child]);
            at = child;
        }
        (_similarities[at], _faceIds[at]) = (similarity, faceId);
    }
}
