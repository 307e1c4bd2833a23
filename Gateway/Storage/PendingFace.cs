namespace Gateway.Storage;

/// <summary>A face whose index entry may differ from the store until it is settled: the store keeps this mark from before an
/// index change until after it, so that a change cut short (a crash, a shard down, a timeout) is found and finished
/// (<see cref="Gateway.Index.PendingIndexChanges"/>) instead of leaving a stored face unsearchable or an indexed one without
/// a record.</summary>
/// <param name="Since">When the mark was made; a mark is cleared only if it is still this one.</param>
/// <param name="Enrolling">Marked by an enrollment before its index write, while the face is not stored yet: it is stored, and the
/// mark cleared, only once the index has it; a mark whose enrollment never finished is abandoned after the call's timeout.</param>
/// <param name="Gallery">The gallery whose deletion made the mark, so that a retried deletion finds its faces.</param>
public sealed record PendingFace(long FaceId, DateTime Since, bool Enrolling, string? Gallery = null);
