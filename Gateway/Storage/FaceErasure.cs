using Gateway.Uploads;

namespace Gateway.Storage;

/// <summary>
/// The files of faces the metadata store has deleted, or that an enrollment wrote and never stored: their thumbnails and
/// normalized faces, and their photo when no stored face is found in it. Their index entries go with their pending marks
/// (<see cref="Index.PendingIndexChanges"/>); what a crash leaves on disk, the purge command removes.
/// </summary>
public sealed class FaceErasure(IFaceStore store, UploadStore uploads)
{
    public Task EraseAsync(IReadOnlyList<StoredFace> deleted, CancellationToken cancellationToken) => deleted.Count == 0
        ? Task.CompletedTask
        : EraseAsync(deleted.SelectMany(face => new[] { face.Thumbnail, face.Normalized }).OfType<string>(),
            deleted.Select(face => face.Photo), cancellationToken);

    /// <param name="faceFiles">Files of the faces alone.</param>
    /// <param name="photos">Their photos, which other faces may share.</param>
    public async Task EraseAsync(IEnumerable<string> faceFiles, IEnumerable<string> photos, CancellationToken cancellationToken)
    {
        var distinct = photos.Distinct(StringComparer.Ordinal).ToList();
        var inUse = await store.FilesInUseAsync(distinct, cancellationToken);
        foreach (var file in faceFiles.Concat(distinct.Where(photo => !inUse.Contains(photo))))
            uploads.Delete(file);
    }
}
