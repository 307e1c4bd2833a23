using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Gateway.Errors;
using Gateway.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Vision.Models;

namespace Gateway.Features.Docs;

/// <summary>
/// What the OpenAPI generator cannot see in FindFace's API: parameters that come as JSON, form fields, multipart parts or the query
/// string alike (<see cref="IApiRequest{TSelf}"/>, spec 9.1.5), its error body (spec 9.1.10), its token, and a version's paths
/// relative to its server (<c>/v1</c>) with v0's objects lacking v1's gender, age and emotions.
/// </summary>
public sealed class FindFaceDocument(IOptions<FacenapiOptions> facenapi)
    : IOpenApiDocumentTransformer, IOpenApiOperationTransformer, IOpenApiSchemaTransformer
{
    private const string TokenScheme = "Token";
    private const string ErrorSchema = "Error";
    private const string JsonType = "application/json";
    private const string FormType = "application/x-www-form-urlencoded";
    private const string MultipartType = "multipart/form-data";
    private static readonly string[] V1Attributes = ["gender", "age", "emotions"];

    /// <summary>Schema names as the document has always called them: <c>Face</c> for a face object.</summary>
    public static string? SchemaName(JsonTypeInfo type) =>
        type.Type == typeof(FaceObject) ? "Face" : OpenApiOptions.CreateDefaultSchemaReferenceId(type);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var version = context.DocumentName;
        document.Info = new OpenApiInfo
        {
            Title = $"Facepipe FindFace API {version}",
            Version = version,
            Description = Introduction(version, facenapi.Value),
        };
        // Paths relative to the version's server, as FindFace's own document and the web UI's client have them.
        document.Servers = [new OpenApiServer { Url = $"/{version}" }];
        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths)
            paths[path[(version.Length + 1)..]] = item;
        document.Paths = paths;

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [TokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "The word Token, a space and the token (spec 9.1.3): `Authorization: Token <token>`. Tokens are made with " +
                              "`Gateway token [--short] [--scope admin|api|read]`. Cameras, /v1/stat and the direct index API need admin, " +
                              "changes need api or admin, read tokens may GET.",
            },
        };
        document.Security = [Token(document)];
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A failed call (spec 9.1.10): a status other than 200 and a body with `code` and `reason`; BAD_PARAM adds " +
                          "the parameter at fault in `param` and the value sent in `value`.",
            Required = new HashSet<string> { "code", "reason" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for programs, e.g. BAD_PARAM." },
                ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for people." },
                ["param"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "BAD_PARAM: the parameter, as the client spelt it." },
                ["value"] = new OpenApiSchema { Description = "BAD_PARAM: the value sent, null when it was missing." },
            },
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var v1 = context.DocumentName == ApiVersion.V1.PathSegment();
        var requests = metadata.OfType<MethodInfo>().Take(1)
            .SelectMany(handler => handler.GetParameters())
            .Select(parameter => parameter.ParameterType.GetProperty(nameof(IApiRequest<PageRequest>.Fields), BindingFlags.Public | BindingFlags.Static))
            .OfType<PropertyInfo>()
            .ToList();
        var fields = requests.SelectMany(property => (IReadOnlyList<RequestField>)property.GetValue(null)!)
            .Where(field => v1 || !field.V1Only)
            .ToList();
        var method = context.Description.HttpMethod ?? "GET";

        if (fields.Count > 0 && HttpMethods.IsGet(method))
        {
            operation.Parameters ??= [];
            foreach (var field in fields)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = field.Name, In = ParameterLocation.Query, Required = field.Required, Description = field.Description,
                    Schema = Schema(field, MultipartType),
                });
            }
        }
        else if (fields.Count > 0)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = fields.Any(field => field.Required),
                Description = "The parameters as a JSON object, form fields or multipart parts (the only way to upload a photo file); " +
                              "the query string may carry them too. In form fields structures are JSON-encoded.",
                Content = new[] { JsonType, FormType, MultipartType }.ToDictionary(type => type, type => new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = fields.Where(field => field.Required).Select(field => field.Name).ToHashSet(),
                        Properties = fields.ToDictionary(field => field.Name, field => (IOpenApiSchema)Schema(field, type)),
                    },
                }),
            };
        }

        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security = secured ? null : [];
        operation.Responses ??= new OpenApiResponses();
        var path = context.Description.RelativePath ?? "";
        if (fields.Count > 0 || path.Contains('{'))
            Error(operation, StatusCodes.Status400BadRequest, "BAD_PARAM (a parameter is missing or wrong, named in `param` with its " +
                "`value`), MALFORMED_JSON (the body is not a JSON object) or BAD_REQUEST (an unreadable form body).");
        if (secured)
        {
            Error(operation, StatusCodes.Status401Unauthorized, "AUTH_FAILED: no token, or a wrong one.");
            Error(operation, StatusCodes.Status403Forbidden, "FORBIDDEN: the token's scope does not cover this call.");
        }
        if (path.Contains('{'))
            Error(operation, StatusCodes.Status404NotFound, "NOT_FOUND: nothing has this path's name or id.");
        if (operation.RequestBody is not null)
            Error(operation, StatusCodes.Status413PayloadTooLarge, $"REQUEST_TOO_LARGE: the body is over {facenapi.Value.MaxRequestBodySize} bytes.");
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Error(operation, StatusCodes.Status429TooManyRequests, "TOO_MANY_REQUESTS: too many photo calls at once; retry after `Retry-After` seconds.");
            Error(operation, StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE: a pipeline stage failed or did not answer in time.");
        }
        return Task.CompletedTask;
    }

    /// <summary>v0 has no gender, age or emotions (spec 9.1.2): its face objects leave them out.</summary>
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.DocumentName == ApiVersion.V0.PathSegment() && schema.Properties is { } properties
            && (context.JsonTypeInfo.Type == typeof(FaceObject) || context.JsonTypeInfo.Type == typeof(DetectedFaceView)))
        {
            foreach (var attribute in V1Attributes)
                properties.Remove(attribute);
        }
        return Task.CompletedTask;
    }

    private static void Error(OpenApiOperation operation, int status, string description) =>
        operation.Responses!.TryAdd(status.ToString(), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [JsonType] = new() { Schema = new OpenApiSchemaReference(ErrorSchema) } },
        });

    private static OpenApiSecurityRequirement Token(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(TokenScheme, document)] = [] };

    // One schema per shape of spec 9.1.4-9.1.7; a photo is a file in multipart, a URL elsewhere.
    private static OpenApiSchema Schema(RequestField field, string contentType)
    {
        var box = new OpenApiSchema
        {
            Description = "{\"x1\", \"y1\", \"x2\", \"y2\"} or [x1, y1, x2, y2] (spec 9.1.4).",
            OneOf =
            [
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new[] { "x1", "y1", "x2", "y2" }.ToDictionary(name => name, _ => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.Integer }),
                },
                new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Integer }, MinItems = 4, MaxItems = 4 },
            ],
        };
        var schema = field.Type switch
        {
            FieldType.Photo when contentType == MultipartType => new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            FieldType.Photo => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
            FieldType.Boxes => new OpenApiSchema { OneOf = [box, new OpenApiSchema { Type = JsonSchemaType.Array, Items = box }] },
            FieldType.String => new OpenApiSchema { Type = JsonSchemaType.String },
            FieldType.Strings => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            FieldType.Integer => new OpenApiSchema { Type = JsonSchemaType.Integer },
            FieldType.Integers => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            FieldType.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            FieldType.Threshold => new OpenApiSchema
            {
                OneOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. new[] { "strict", "medium", "low", "none" }.Select(name => (JsonNode)name)] },
                    new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Maximum = "1" },
                ],
            },
            FieldType.Time => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            FieldType.Ids => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Integer },
            },
            FieldType.Object => new OpenApiSchema { Type = JsonSchemaType.Object },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, null),
        };
        schema.Description = field.Description;
        if (field.Default is { } value)
            schema.Default = JsonValue.Create(value);
        return schema;
    }

    private static string Introduction(string version, FacenapiOptions facenapi) =>
        $$"""
        The REST API of FindFace Enterprise Server SDK 2.5 (spec chapter 9), as Facepipe implements it.
        {{(version == ApiVersion.V1.PathSegment() ? "v1 adds gender, age and emotions to v0, and the Extraction API at `/v1/extract`." : "v0 has no gender, age or emotions; use v1 for them.")}}

        **Paths.** Every path may also be written with a trailing slash, as the spec does (`/{{version}}/detect/`).

        **Authentication.** Every method but `/docs` needs `Authorization: Token <token>`, of a scope that covers it (403 FORBIDDEN otherwise):
        `admin` everything, `api` all but cameras, `/v1/stat` and the direct index API, `read` only GET. The `photo`, `thumbnail` and `normalized`
        URLs of faces are signed for a while (`Upload:UrlLifetime`) and need no token; unsigned, `/uploads/` needs one.

        **Parameters** (spec 9.1.5) come as a JSON object body, form fields (`{{FormType}}`), multipart parts (`{{MultipartType}}`, the only way to upload a photo file)
        or the query string. In form fields and the query string, structures (bounding boxes, gallery lists, gallery changes, camera regions) are JSON-encoded;
        a repeated field makes a list. Booleans may also be `"true"`, `"false"`, `"1"` or `"0"`, numbers may be strings.

        **Photos** are an uploaded file or a public http(s) URL without redirects, JPEG, PNG or WEBP, at most {{facenapi.MaxPhotoSize}} bytes; a body is at most {{facenapi.MaxRequestBodySize}} bytes.

        **Bounding boxes** (spec 9.1.4) are accepted as `{"x1": .., "y1": .., "x2": .., "y2": ..}` or `[x1, y1, x2, y2]`, one or a list, and always returned as the object.
        Coordinates may lie outside the photo.

        **Thresholds** (spec 9.1.7): `strict` ({{ConfidenceThresholds.Strict}}), `medium` ({{ConfidenceThresholds.Medium}}), `low` ({{ConfidenceThresholds.Low}}), `none` ({{ConfidenceThresholds.None}}),
        or a confidence from 0 to 1; {{ConfidenceThresholds.Default}} when absent.

        **Pagination** (spec 9.1.8): listings are newest first; `next_page` and `prev_page` are the path and query of the neighbouring pages
        (`max_id`, `min_id`, and `limit` when given), null at either end.

        **Errors** (spec 9.1.10) have a status other than 200 and a body `{"code": "CAPS_CODE", "reason": "..."}`; BAD_PARAM adds `param` and `value`.
        """;
}
