using Contracts.Index;
using Gateway.Storage;

namespace Gateway.Index;

/// <summary>
/// Settles pending faces (<see cref="PendingFace"/>): each face's index entry is made what the store says, whatever the change
/// that marked it and however far it got. A stored face is indexed again from its record (facen and index spaces; adding is
/// idempotent), a face the store does not hold is taken out of the index; then the marks are cleared. Deletions and gallery
/// changes settle their own face at once, <see cref="PendingIndexSweep"/> what a crash, a shard down or a timeout left.
/// </summary>
public sealed class PendingIndexChanges(IFaceStore store, FaceIndexClient index)
{
    /// <exception cref="Gateway.Errors.ApiException">SERVICE_UNAVAILABLE when the index cannot take the change: the marks stay.</exception>
    public async Task SettleAsync(IReadOnlyList<PendingFace> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
            return;
        var ids = pending.Select(face => face.FaceId).Distinct().ToList();
        var stored = await store.GetIndexedAsync(ids, cancellationToken);
        if (stored.Count > 0)
            await index.AddAsync(stored, cancellationToken);
        var storedIds = stored.Select(face => face.FaceId).ToHashSet();
        if (ids.Where(id => !storedIds.Contains(id)).ToList() is { Count: > 0 } gone)
            await index.RemoveAsync(gone, cancellationToken);
        await store.ClearPendingAsync(pending, cancellationToken);
    }

    /// <summary>Settles the marks of these faces (a deletion, a change of galleries): those of enrollments still running are
    /// left to them.</summary>
    /// <returns>False when none of them was pending.</returns>
    public async Task<bool> SettleFacesAsync(IReadOnlyCollection<long> faceIds, CancellationToken cancellationToken)
    {
        var pending = (await store.GetPendingAsync(faceIds, cancellationToken)).Where(face => !face.Enrolling).ToList();
        await SettleAsync(pending, cancellationToken);
        return pending.Count > 0;
    }
}
