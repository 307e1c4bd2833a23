using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Errors;
using Gateway.Http;

namespace Gateway.Features.Extract;

/// <summary>
/// Reads the two body formats of spec 8.4.2: JSON alone, or multipart/form-data whose <c>request</c> part
/// holds the JSON and whose other parts hold images. Any body that is not multipart is read as JSON.
/// </summary>
public static partial class ExtractBodyReader
{
    public const string RequestPart = "request";

    public static async Task<ExtractRequest> ReadAsync(
        HttpRequest request, ExtractionOptions limits, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        RequestBody.Limit(request, limits.MaxRequestBodySize);
        if (!MultipartBody.IsFormData(request, out var contentType))
            return Parse(await RequestBody.ReadAsync(request, limits.MaxRequestBodySize, cancellationToken), json);

        // No part limit of its own: an image over MaxImageSize is refused by the request that uses it (ExtractionJob), named as
        // that request's image.
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var part in await MultipartBody.ReadAsync(request.Body, contentType, limits.MaxRequestBodySize, limits.MaxRequestBodySize,
                     cancellationToken))
            parts[part.Name] = part.Content;
        if (!parts.Remove(RequestPart, out var requestJson))
            throw new ApiException(ApiError.BadParam(RequestPart, null, "The multipart body has no 'request' part holding the JSON requests."));
        return Parse(requestJson, json) with { Parts = parts };
    }

    private static ExtractRequest Parse(ReadOnlyMemory<byte> body, JsonSerializerOptions json)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
            throw new ApiException(ApiError.BadParam("requests", null, "The request body is empty; send {\"requests\": [...]}."));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new ApiException(ApiError.MalformedJson($"The request body is not valid JSON: {exception.Message}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ApiException(ApiError.BadParam("requests", document.RootElement.Clone(),
                    "The request body must be a JSON object: {\"requests\": [...]}."));
            try
            {
                return document.RootElement.Deserialize<ExtractRequest>(json)!;
            }
            catch (JsonException exception)
            {
                // Valid JSON of the wrong type: name the parameter as the client spelt it, with the value it sent.
                var path = exception.Path ?? "$";
                var param = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
                throw new ApiException(ApiError.BadParam(param, ValueAt(document.RootElement, path), $"{param} has the wrong type."));
            }
        }
    }

    private static JsonElement? ValueAt(JsonElement root, string path)
    {
        var element = root;
        foreach (Match step in PathStep().Matches(path))
        {
            if (step.Groups["index"].Success)
            {
                var index = int.Parse(step.Groups["index"].ValueSpan);
                if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                    return null;
                element = element[index];
            }
            else if (element.ValueKind != JsonValueKind.Object ||
                     !element.TryGetProperty(step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value, out element))
            {
                return null;
            }
        }
        return element.Clone();
    }

    // The steps of a System.Text.Json error path: .name, ['name'] or [index].
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}
