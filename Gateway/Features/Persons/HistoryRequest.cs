using System.Reflection;
using Gateway.Http;
using Gateway.Storage;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Persons;

/// <summary>The filter of <c>POST /history/search</c> and <c>GET /person/history/id/&lt;id&gt;</c> (spec 9.2.17-18), as the
/// store takes it, and its page: <c>limit</c> 0, the default, is everything, in pages as long as allowed.</summary>
public sealed record HistoryRequest(HistoryFilter Filter, FacePage Page) : IApiRequest<HistoryRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("person_id", FieldType.Integer, "Only this person's events (POST /history/search; the path names it otherwise)."),
        new("cam_ids", FieldType.Ids, $"Only these cameras' events (strings or integers, at most {HistoryRequestValidator.MaxCameras})."),
        new("start", FieldType.Time, "Only events at or after this ISO 8601 time."),
        new("end", FieldType.Time, "Only events at or before this ISO 8601 time."),
        new("friend", FieldType.Boolean, "Only events of friends (true) or of others (false)."),
        new("max_id", FieldType.Integer, "Only events with a smaller id: the next page, as `next_page` links it."),
        new("limit", FieldType.Integer, $"Events per page; 0, the default, is everything, in pages of {FacenapiOptions.MaxPageSize}.", Default: 0),
    ];

    public static async ValueTask<HistoryRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        // A person's history: the path's person, checked before the body is read, stands for any in the parameters.
        var personOfPath = context.Request.RouteValues[PersonsEndpoints.PersonIdParam] is string id ? PersonsEndpoints.ParseId(id) : (long?)null;
        var parameters = await ApiParameters.ReadAsync(context);
        var filter = new HistoryFilter(
            personOfPath ?? parameters.Integer("person_id"),
            parameters.Ids("cam_ids"),
            parameters.Time("start"),
            parameters.Time("end"),
            parameters.Bool("friend"));
        var page = Paging.Read(parameters, context.RequestServices.GetRequiredService<IOptions<FacenapiOptions>>().Value, unlimited: true);
        return new HistoryRequest(filter, page);
    }
}
