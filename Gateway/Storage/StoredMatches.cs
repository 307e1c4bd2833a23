using Contracts.Index;

namespace Gateway.Storage;

public static class StoredMatches
{
    /// <summary>The index's matches, best first, whose faces the store holds, with those faces added to
    /// <paramref name="stored"/>: an index entry of a face being deleted, or whose enrollment is pending, is passed over.
    /// Faces already in <paramref name="stored"/> are not read again.</summary>
    public static async Task<IReadOnlyList<FacenMatch>> StoredAmongAsync(this IFaceStore store, IReadOnlyList<FacenMatch> matches,
        IDictionary<long, StoredFace> stored, CancellationToken cancellationToken)
    {
        var unknown = matches.Select(match => match.FaceId).Where(id => !stored.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
            foreach (var (id, face) in await store.GetManyAsync(unknown, cancellationToken))
                stored[id] = face;
        return [.. matches.Where(match => stored.ContainsKey(match.FaceId))];
    }
}
