using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Gateway.Features.Extract;

/// <summary>The body of an Extraction API call (spec 8.4.2): one request per image, and the multipart parts they may refer to
/// by name.</summary>
public sealed record ExtractRequest : IBindableFromHttpContext<ExtractRequest>
{
    public IReadOnlyList<ImageRequest?>? Requests { get; init; }

    [JsonIgnore]
    public IReadOnlyDictionary<string, byte[]> Parts { get; init; } = new Dictionary<string, byte[]>();

    public static async ValueTask<ExtractRequest?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        await ExtractBodyReader.ReadAsync(context.Request, context.RequestServices.GetRequiredService<IOptions<ExtractionOptions>>().Value,
            context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions, context.RequestAborted);
}

/// <summary>What to extract from one image.</summary>
public sealed class ImageRequest
{
    /// <summary>An http or https URL, or <c>multipart:&lt;part&gt;</c> naming a part of the request body.</summary>
    public string? Image { get; init; }

    /// <summary>The region to search for faces; null for the whole image.</summary>
    public Rect? Roi { get; init; }

    /// <summary>One of <see cref="Contracts.Detection.Detectors"/>; null for nnd.</summary>
    public string? Detector { get; init; }

    public bool NeedFacen { get; init; }
    public bool NeedGender { get; init; }
    public bool NeedAge { get; init; }
    public bool NeedEmotions { get; init; }
    public bool NeedNormalized { get; init; }

    /// <summary>When no face is found upright, search the image turned 90, 180 and 270 degrees (the turn with the surest
    /// detection wins); boxes stay in the upright image's coordinates.</summary>
    public bool AutoRotate { get; init; }
}

/// <summary>A rectangle in pixels of the upright image, as the Extraction API spells it (roi, bbox).</summary>
public sealed record Rect(int Left, int Top, int Right, int Bottom);
