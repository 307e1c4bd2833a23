namespace Gateway.Storage;

/// <summary>
/// A window of a listing ordered by descending id (newest first): ids below <see cref="MaxId"/>, or the
/// nearest ones above <see cref="MinId"/> when paging back. Keyset paging, so pages stay stable while faces come and go.
/// </summary>
public sealed record FacePage(long? MaxId, long? MinId, int Limit);
