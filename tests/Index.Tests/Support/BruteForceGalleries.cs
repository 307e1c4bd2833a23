namespace Index.Tests.Support;

/// <summary>What an index should answer, worked out the slow and obvious way: every face kept with its galleries, and a
/// search that scores each member in float32 and sorts.</summary>
public sealed class BruteForceGalleries
{
    private readonly Dictionary<long, (float[] Facen, HashSet<string> Galleries)> _faces = [];

    public IEnumerable<long> FaceIds => _faces.Keys;
    public float[] Facen(long faceId) => _faces[faceId].Facen;

    public void Add(IndexedFacen face) => _faces[face.FaceId] = (face.Facen, [.. face.Galleries]);
    public void Remove(long faceId) => _faces.Remove(faceId);
    public void SetGalleries(long faceId, IEnumerable<string> galleries) => _faces[faceId] = (_faces[faceId].Facen, [.. galleries]);

    public void DropGallery(string gallery)
    {
        foreach (var face in _faces.Values)
            face.Galleries.Remove(gallery);
    }

    public IReadOnlyList<FacenMatch> Search(float[] query, string gallery, int n, float minSimilarity) =>
    [
        .. _faces.Where(face => gallery == "default" || face.Value.Galleries.Contains(gallery))
            .Select(face => new FacenMatch(face.Key, Dot(query, face.Value.Facen)))
            .Where(match => match.Similarity >= minSimilarity)
            .OrderByDescending(match => match.Similarity).ThenBy(match => match.FaceId)
            .Take(n),
    ];

    public float Similarity(float[] query, long faceId) => Dot(query, _faces[faceId].Facen);

    private static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var k = 0; k < a.Length; k++)
            sum += a[k] * b[k];
        return sum;
    }
}
