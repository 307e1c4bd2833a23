using Contracts.Index;

namespace Gateway.Storage;

/// <summary>Faces and galleries: SQLite in standalone, MongoDB in a cluster. Gallery names exclude <c>default</c>, which every face is in.</summary>
public interface IFaceStore
{
    /// <summary>Adds the faces whose id and capture key no stored face has; the others are left out, the stored faces kept as they are.</summary>
    Task AddAsync(IReadOnlyList<FaceToStore> faces, CancellationToken cancellationToken);

    /// <summary>The face enrolled from this capture (<see cref="StoredFace.CaptureKey"/>), if any.</summary>
    Task<StoredFace?> FindCapturedAsync(Guid captureKey, CancellationToken cancellationToken);

    Task<StoredFace?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The faces of these ids that exist, keyed by id.</summary>
    Task<IReadOnlyDictionary<long, StoredFace>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>The index entries of these faces as their records say (facen and index spaces), for those that exist: what
    /// settles a pending face or mends the index.</summary>
    Task<IReadOnlyList<IndexedFacen>> GetIndexedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>Marks faces an enrollment is about to index (<see cref="PendingFace.Enrolling"/>).</summary>
    Task MarkEnrollingAsync(IReadOnlyCollection<long> faceIds, CancellationToken cancellationToken);

    /// <summary>Stores enrolled faces that the index has, clearing their enrolling marks with them; a face whose mark is gone
    /// (abandoned and settled) is not stored. Returns how many of the faces are stored, counting those stored before (a
    /// redelivered request).</summary>
    Task<int> AddEnrolledAsync(IReadOnlyList<FaceToStore> faces, CancellationToken cancellationToken);

    /// <summary>The marks of these faces.</summary>
    Task<IReadOnlyList<PendingFace>> GetPendingAsync(IReadOnlyCollection<long> faceIds, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> marks made before <paramref name="before"/>, oldest first, only those of a
    /// deleted gallery's faces when <paramref name="gallery"/> is given.</summary>
    Task<IReadOnlyList<PendingFace>> ListPendingAsync(DateTime before, string? gallery, int limit, CancellationToken cancellationToken);

    /// <summary>Clears the marks of settled faces, unless a face was marked again since.</summary>
    Task ClearPendingAsync(IReadOnlyList<PendingFace> settled, CancellationToken cancellationToken);

    /// <summary>Changes meta, galleries and/or person; null when there is no such face. A change of galleries or person marks
    /// the face pending, since its index entry changes too.</summary>
    Task<StoredFace?> UpdateAsync(long id, string? meta, GalleryChange? galleries, PersonAssignment? person, CancellationToken cancellationToken);

    /// <summary>Deletes a face and marks it pending, since its index entry must go too; false when there is no such face.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Faces of a gallery (null: all), optionally only those with this meta, newest first.</summary>
    Task<IReadOnlyList<StoredFace>> ListAsync(string? gallery, string? meta, FacePage page, CancellationToken cancellationToken);

    /// <summary>Meta strings of a gallery's faces with their counts, paged by the id of each meta's first face.</summary>
    Task<IReadOnlyList<MetaSummary>> ListMetaAsync(string? gallery, FacePage page, CancellationToken cancellationToken);

    Task<long> MaxIdAsync(CancellationToken cancellationToken);

    /// <summary>Persons with their first face's meta, paged by person id, newest first.</summary>
    Task<IReadOnlyList<PersonSummary>> ListPersonsAsync(FacePage page, CancellationToken cancellationToken);

    Task<PersonSummary?> GetPersonAsync(long personId, CancellationToken cancellationToken);

    /// <summary>Faces captured by cameras that match the filter, newest first.</summary>
    Task<IReadOnlyList<StoredFace>> ListHistoryAsync(HistoryFilter filter, FacePage page, CancellationToken cancellationToken);

    /// <summary>On how many days (UTC dates) the camera captured the person from <paramref name="from"/> to
    /// <paramref name="to"/>, both included: 'friend or foe' (spec 8.3).</summary>
    Task<int> CountDaysSeenAsync(long personId, string cameraId, DateTime from, DateTime to, CancellationToken cancellationToken);

    /// <summary>Replaces the facens of these faces with ones made by <paramref name="model"/> (the regenerate command).</summary>
    Task SetFacensAsync(IReadOnlyDictionary<long, float[]> facens, string model, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListGalleriesAsync(CancellationToken cancellationToken);

    Task<bool> GalleryExistsAsync(string gallery, CancellationToken cancellationToken);

    /// <summary>False when it already exists.</summary>
    Task<bool> CreateGalleryAsync(string gallery, CancellationToken cancellationToken);

    /// <summary>Deletes the gallery and every face in it (spec 9.2.14), marking them pending with the gallery's name; returns
    /// those faces, or null when there is no such gallery.</summary>
    Task<IReadOnlyList<StoredFace>?> DeleteGalleryAsync(string gallery, CancellationToken cancellationToken);

    /// <summary>The upload paths among these that a stored face refers to as its photo, thumbnail or normalized face.</summary>
    Task<IReadOnlySet<string>> FilesInUseAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken);
}
