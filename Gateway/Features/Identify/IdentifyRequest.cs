using System.Reflection;
using Contracts.Faces;
using Contracts.Images;
using Gateway.Http;
using Vision.Models;

namespace Gateway.Features.Identify;

/// <summary>The parameters of <c>POST /identify</c> (spec 9.2.3).</summary>
/// <param name="Confidence">The threshold as a confidence; matches below it are left out.</param>
/// <param name="Strict">Whether a search missing an index shard fails (true) or answers from the live ones (false);
/// null leaves it to the index's setting.</param>
/// <param name="Attributes">v1's flags: false leaves an attribute out of the matched faces.</param>
public sealed record IdentifyRequest(PhotoSource? Photo, IReadOnlyList<Box>? Boxes, float Confidence, long N, FaceSelector Selector, bool? Strict,
    AttributeFlags Attributes) : IApiRequest<IdentifyRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("photo", FieldType.Photo, "The photo.", Required: true),
        new("bbox", FieldType.Boxes, "Faces to search for, instead of detecting them: the biggest face in each box; mf_selector is then ignored."),
        new("x1", FieldType.Integer, "One box as separate coordinates, instead of bbox; needs x1, y1, x2 and y2."),
        new("y1", FieldType.Integer, "See x1."),
        new("x2", FieldType.Integer, "See x1."),
        new("y2", FieldType.Integer, "See x1."),
        Threshold.Field,
        new("n", FieldType.Integer, $"Matches per face, from 1 to {FacenapiOptions.MaxMatches}.", Default: 1),
        MultiFaceSelector.Field,
        new("strict", FieldType.Boolean, "With Redis index shards: true fails the call (503) when a shard does not answer, false answers " +
            "from the live shards; unset leaves it to Index:IgnoreSearchErrors. The X-Live-Servers header of the answer says how many " +
            "shards answered, as live/total."),
        .. AttributeFlags.Fields("false leaves the matched faces' {0} out of the answer (it is estimated at enrollment).", "true"),
    ];

    public static async ValueTask<IdentifyRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        var box = parameters.SeparateBox();
        return new IdentifyRequest(
            parameters.Photo("photo"),
            box is null ? parameters.Boxes("bbox") : [box],
            Threshold.Read(parameters) ?? ConfidenceThresholds.None,
            parameters.Integer("n") ?? 1,
            MultiFaceSelector.Read(parameters),
            parameters.Bool("strict"),
            AttributeFlags.Read(parameters, ApiVersionMetadata.Of(context)));
    }
}
