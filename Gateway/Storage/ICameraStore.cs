namespace Gateway.Storage;

/// <summary>The cameras of spec 9.4, kept apart from the faces so that each store can move to MongoDB on its own; SQLite for now.</summary>
public interface ICameraStore
{
    Task AddAsync(StoredCamera camera, CancellationToken cancellationToken);

    Task<StoredCamera?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every camera, or those of one detector, oldest first.</summary>
    Task<IReadOnlyList<StoredCamera>> ListAsync(string? detector, CancellationToken cancellationToken);

    /// <summary>The changed camera, or null when there is no such camera.</summary>
    Task<StoredCamera?> UpdateAsync(Guid id, CameraChange change, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
}
