using Gateway.Uploads;

namespace Gateway.Storage;

/// <summary>
/// The files of faces the metadata store has deleted: their thumbnails and normalized faces, and their photo when no other
/// stored face was found in it. Their index entries go with their pending marks (<see cref="Index.PendingIndexChanges"/>);
/// what a crash leaves on disk, the purge command removes.
/// </summary>
public sealed class FaceErasure(IFaceStore store, UploadStore uploads)
{
    public async Task EraseAsync(IReadOnlyList<StoredFace> deleted, CancellationToken cancellationToken)
    {
        if (deleted.Count == 0)
            return;
        var photos = deleted.Select(face => face.Photo).Distinct(StringComparer.Ordinal).ToList();
        var inUse = await store.FilesInUseAsync(photos, cancellationToken);
        var files = deleted.SelectMany(face => new[] { face.Thumbnail, face.Normalized }).OfType<string>()
            .Concat(photos.Where(photo => !inUse.Contains(photo)));
        foreach (var file in files)
            uploads.Delete(file);
    }
}
