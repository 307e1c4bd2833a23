using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Errors;
using Gateway.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

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
        if (request.ContentLength > limits.MaxRequestBodySize)
            throw TooLarge(limits);
        // Kestrel then enforces the limit on bodies that do not declare their length.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limits.MaxRequestBodySize;

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var body = await LimitedRead.ToArrayAsync(request.Body, limits.MaxRequestBodySize, cancellationToken) ?? throw TooLarge(limits);
            return Parse(body, json);
        }

        var parts = await ReadPartsAsync(request.Body, contentType, limits, cancellationToken);
        if (!parts.Remove(RequestPart, out var requestJson))
            throw new ApiException(ApiError.BadParam(RequestPart, null, "The multipart body has no 'request' part holding the JSON requests."));
        return Parse(requestJson, json) with { Parts = parts };
    }

    private static async Task<Dictionary<string, byte[]>> ReadPartsAsync(
        Stream body, MediaTypeHeaderValue contentType, ExtractionOptions limits, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new ApiException(ApiError.BadRequest("The multipart body has no boundary."));

        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var reader = new MultipartReader(boundary, body);
        long total = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var name = section.GetContentDispositionHeader()?.Name.Value;
                var content = await LimitedRead.ToArrayAsync(section.Body, limits.MaxRequestBodySize - total, cancellationToken)
                              ?? throw TooLarge(limits);
                total += content.Length;
                if (!string.IsNullOrEmpty(name))
                    parts[HeaderUtilities.RemoveQuotes(name).Value!] = content;
            }
        }
        // Kestrel's BadHttpRequestException (body too large) is an IOException too, and keeps its own status.
        catch (Exception exception) when (exception is (IOException and not BadHttpRequestException) or InvalidDataException)
        {
            throw new ApiException(ApiError.BadRequest($"The multipart body could not be read: {exception.Message}"));
        }
        return parts;
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

    private static ApiException TooLarge(ExtractionOptions limits) =>
        new(ApiError.RequestTooLarge($"The request body is larger than {limits.MaxRequestBodySize} bytes."));

    // The steps of a System.Text.Json error path: .name, ['name'] or [index].
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}
