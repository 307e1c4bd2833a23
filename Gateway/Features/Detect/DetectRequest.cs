using System.Reflection;
using Gateway.Http;

namespace Gateway.Features.Detect;

/// <summary>The parameters of <c>POST /detect</c> (spec 9.2.1); gender, age and emotions are v1's, none unless asked.</summary>
public sealed record DetectRequest(PhotoSource? Photo, AttributeFlags Attributes) : IApiRequest<DetectRequest>
{
    public static IReadOnlyList<RequestField> Fields { get; } =
    [
        new("photo", FieldType.Photo, "The photo.", Required: true),
        .. AttributeFlags.Fields("Estimate each face's {0}.", "false"),
    ];

    public static async ValueTask<DetectRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var parameters = await ApiParameters.ReadAsync(context);
        return new DetectRequest(parameters.Photo("photo"), AttributeFlags.Read(parameters, ApiVersionMetadata.Of(context)));
    }
}
