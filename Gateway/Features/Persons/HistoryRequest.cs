using Gateway.Http;

namespace Gateway.Features.Persons;

/// <summary>The filter of <c>POST /history/search</c> and <c>GET /person/history/id/&lt;id&gt;</c> (spec 9.2.17-18).</summary>
public sealed record HistoryRequest(long? PersonId, IReadOnlyList<string>? CameraIds, DateTime? Start, DateTime? End, bool? Friend)
{
    public static HistoryRequest Read(ApiParameters parameters) => new(
        parameters.Integer("person_id"),
        parameters.Ids("cam_ids"),
        parameters.Time("start"),
        parameters.Time("end"),
        parameters.Bool("friend"));
}
