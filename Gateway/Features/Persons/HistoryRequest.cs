using Gateway.Http;
using Gateway.Storage;

namespace Gateway.Features.Persons;

/// <summary>The filter of <c>POST /history/search</c> and <c>GET /person/history/id/&lt;id&gt;</c> (spec 9.2.17-18), as the
/// store takes it.</summary>
public static class HistoryRequest
{
    public static HistoryFilter Read(ApiParameters parameters) => new(
        parameters.Integer("person_id"),
        parameters.Ids("cam_ids"),
        parameters.Time("start"),
        parameters.Time("end"),
        parameters.Bool("friend"));
}
