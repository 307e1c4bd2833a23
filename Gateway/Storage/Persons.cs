namespace Gateway.Storage;

/// <summary>A person (spec 8.2.4 <c>GET /persons</c>): its id and the meta of its first face.</summary>
public sealed record PersonSummary(long Id, string Meta);

/// <summary>A face's new person (<c>PUT /face/id</c> with <c>person_id</c>) and the index space it is then searched in.</summary>
public sealed record PersonAssignment(long PersonId, string? Space);

/// <summary>Which camera events <c>/history/search</c> and <c>/person/history</c> list (spec 9.2.17-18); null matches any.</summary>
/// <param name="Start">Events at or after this time (UTC).</param>
/// <param name="End">Events at or before this time (UTC).</param>
public sealed record HistoryFilter(long? PersonId, IReadOnlyList<string>? CameraIds, DateTime? Start, DateTime? End, bool? Friend);
