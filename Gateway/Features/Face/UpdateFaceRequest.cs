using System.Reflection;
using System.Text.Json;
using Contracts.Index;
using Gateway.Errors;
using Gateway.Http;
using Gateway.Storage;

namespace Gateway.Features.Face;

/// <summary>The parameters of <c>PUT /face/id/&lt;id&gt;</c> (spec 9.2.6).</summary>
/// <param name="PersonId">The face's new person (spec 8.2.4); "4" and 4 alike.</param>
public sealed record UpdateFaceRequest(string? Meta, long? PersonId, GalleryChange? Galleries) : IApiRequest<UpdateFaceRequest>
{
    public const string GalleriesParam = "galleries";

    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("meta", FieldType.String, $"The new meta string, at most {FacenapiOptions.MaxMetaLength} characters."),
        new("person_id", FieldType.Integer, "The face's person (spec 8.2.4), a positive integer or its string; with dynamic person " +
            "creation on, the face takes part in person identification from then on."),
        new(GalleriesParam, FieldType.Object, $"Exactly one of `add`, `del` or `set` with a list of existing galleries, e.g. " +
            $"{{\"add\": [\"g1\"]}}; `{GalleryNames.Default}` cannot be changed."),
    ];

    /// <exception cref="ApiException">BAD_PARAM for a galleries value that is not one of {"add"|"del"|"set": [names]}.</exception>
    public static async ValueTask<UpdateFaceRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        return new(parameters.String("meta"), parameters.Integer("person_id"), ReadGalleries(parameters));
    }

    private static GalleryChange? ReadGalleries(ApiParameters parameters)
    {
        if (parameters.Object(GalleriesParam) is not { } value)
            return null;
        var properties = value.EnumerateObject().ToList();
        if (properties is not [var only] || !Enum.TryParse<GalleryChangeKind>(only.Name, ignoreCase: true, out var kind)
            || only.Name != only.Name.ToLowerInvariant()
            || only.Value.ValueKind != JsonValueKind.Array
            || only.Value.EnumerateArray().Any(name => name.ValueKind != JsonValueKind.String))
        {
            throw new ApiException(ApiError.BadParam(GalleriesParam, value,
                "galleries must be one of {\"add\": [names]}, {\"del\": [names]} or {\"set\": [names]}."));
        }
        return new GalleryChange(kind, only.Value.EnumerateArray().Select(name => name.GetString()!).ToList());
    }
}
