using Gateway.Index;
using Gateway.Uploads;

namespace Gateway.Storage;

/// <summary>
/// What is left of faces once the metadata store has deleted them: their thumbnails and normalized faces, their photo when no
/// other stored face was found in it, and their entries in every space of the index. Files go first, so that an index that
/// fails (503) leaves no image behind; what such a failure leaves in the index, the purge command removes.
/// </summary>
public sealed class FaceErasure(IFaceStore store, UploadStore uploads, FaceIndexClient index)
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
        await index.RemoveAsync([.. deleted.Select(face => face.Id)], cancellationToken);
    }
}
