using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contracts.Images;
using Gateway.Errors;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Http;

/// <summary>
/// The parameters of a FindFace API call, wherever the client put them (spec 9.1.5): a JSON body, form fields,
/// multipart parts (uploaded files included) or the query string, where structures are JSON-encoded. Every accessor
/// answers BAD_PARAM naming the parameter when a value has the wrong type.
/// </summary>
public sealed partial class ApiParameters
{
    private readonly Dictionary<string, JsonElement> _values;
    private readonly Dictionary<string, byte[]> _files;

    private ApiParameters(Dictionary<string, JsonElement> values, Dictionary<string, byte[]> files)
    {
        _values = values;
        _files = files;
    }

    /// <summary>Reads the parameters of the request of <paramref name="context"/> under the configured <see cref="FacenapiOptions"/>
    /// limits: the one reading that every request of the API binds itself with.</summary>
    /// <exception cref="ApiException">MALFORMED_JSON, REQUEST_TOO_LARGE, or BAD_PARAM for a file over <see cref="FacenapiOptions.MaxPhotoSize"/>.</exception>
    /// <remarks>Read once per call: a call binding two requests (a filter and its page) shares one reading of its body.</remarks>
    public static async Task<ApiParameters> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(ApiParameters), out var read))
            return (ApiParameters)read!;
        var parameters = await ReadAsync(context.Request, context.RequestServices.GetRequiredService<IOptions<FacenapiOptions>>().Value,
            context.RequestAborted);
        context.Items[typeof(ApiParameters)] = parameters;
        return parameters;
    }

    private static async Task<ApiParameters> ReadAsync(HttpRequest request, FacenapiOptions limits, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, field) in request.Query)
            values[name] = FromField(field);

        RequestBody.Limit(request, limits.MaxRequestBodySize);
        if (MultipartBody.IsFormData(request, out var contentType))
            await ReadPartsAsync(request, contentType, limits, values, files, cancellationToken);
        else if (request.HasFormContentType)
            await ReadFormAsync(request, values, cancellationToken);
        // The spec sends JSON with some GETs too (GET /person/history/id, spec 8.2.4).
        else if (request.ContentLength != 0 && (!HttpMethods.IsGet(request.Method) || request.HasJsonContentType()))
            ReadJson(await RequestBody.ReadAsync(request, limits.MaxRequestBodySize, cancellationToken), values);
        return new ApiParameters(values, files);
    }

    public bool Has(string name) => _values.ContainsKey(name) || _files.ContainsKey(name);

    /// <summary>The value as sent, for error messages.</summary>
    public JsonElement? Raw(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public string? String(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        var value => throw WrongType(name, value, "a string"),
    };

    public bool? Bool(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } value when bool.TryParse(value.GetString(), out var parsed) => parsed,
        { ValueKind: JsonValueKind.String } value when value.GetString() is "1" or "0" => value.GetString() == "1",
        var value => throw WrongType(name, value, "true or false"),
    };

    public long? Integer(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        var value => throw WrongType(name, value, "an integer"),
    };

    public double? Number(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value => value.GetDouble(),
        { ValueKind: JsonValueKind.String } value when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) => number,
        var value => throw WrongType(name, value, "a number"),
    };

    /// <summary>A list of strings; a single string counts as a list of one (as <c>-F galleries=name</c> sends it).</summary>
    public IReadOnlyList<string>? Strings(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => [value.GetString()!],
        { ValueKind: JsonValueKind.Array } value when value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String) =>
            value.EnumerateArray().Select(item => item.GetString()!).ToList(),
        var value => throw WrongType(name, value, "a list of strings"),
    };

    /// <summary>A list of integers; an empty string (an empty form field) is an empty list.</summary>
    public IReadOnlyList<long>? Integers(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value when value.GetString() == "" => [],
        { ValueKind: JsonValueKind.Array } value when value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out _)) =>
            value.EnumerateArray().Select(item => item.GetInt64()).ToList(),
        var value => throw WrongType(name, value, "a list of integers"),
    };

    /// <summary>A list of bounding boxes (spec 9.1.4: each {x1, y1, x2, y2} or [x1, y1, x2, y2]); a single box counts as a list of one.</summary>
    public IReadOnlyList<Box>? Boxes(string name)
    {
        if (Get(name) is not { } value)
            return null;
        if (TryBox(value, out var single))
            return [single];
        if (value.ValueKind == JsonValueKind.Array)
        {
            var boxes = new List<Box>();
            foreach (var item in value.EnumerateArray())
                boxes.Add(TryBox(item, out var box) ? box : throw WrongType(name, value, "a list of bounding boxes"));
            return boxes;
        }
        throw WrongType(name, value, "a bounding box or a list of them");
    }

    /// <summary>A bounding box given as separate top-level parameters x1, y1, x2, y2 (as /identify takes it), or null when none is.</summary>
    public Box? SeparateBox()
    {
        string[] names = ["x1", "y1", "x2", "y2"];
        if (!names.Any(Has))
            return null;
        var coordinates = names.Select(n => (int)Math.Clamp(
            Integer(n) ?? throw new ApiException(ApiError.BadParam(n, null, $"{n} is missing; a box needs x1, y1, x2 and y2.")),
            int.MinValue, int.MaxValue)).ToArray();
        return new Box(coordinates[0], coordinates[1], coordinates[2], coordinates[3]);
    }

    /// <summary>The photo: an uploaded file, or a URL given as a string.</summary>
    public PhotoSource? Photo(string name)
    {
        if (_files.TryGetValue(name, out var bytes))
            return new PhotoSource(bytes, null);
        if (String(name) is not { } text)
            return null;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? new PhotoSource(null, url)
            : throw new ApiException(ApiError.BadParam(name, text, $"{name} must be an uploaded file or an http(s) URL."));
    }

    /// <summary>An id written as a string or an integer, as a string: the spec writes camera ids both ways (9.2.4, 8.2.4).</summary>
    public string? Id(string name) => Get(name) switch
    {
        null => null,
        { } value when IdOf(value) is { } id => id,
        var value => throw WrongType(name, value, "a string or an integer"),
    };

    /// <summary>A list of ids as <see cref="Id"/> reads them; a single id counts as a list of one.</summary>
    public IReadOnlyList<string>? Ids(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } value when value.EnumerateArray().All(item => IdOf(item) is not null) =>
            value.EnumerateArray().Select(item => IdOf(item)!).ToList(),
        { } value when IdOf(value) is { } id => [id],
        var value => throw WrongType(name, value, "a list of strings or integers"),
    };

    /// <summary>An ISO 8601 time (spec 9.2.18: "2016-06-13T11:00:00.000000"), in UTC; one without a zone is UTC.</summary>
    public DateTime? Time(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value when IsoDate().IsMatch(value.GetString()!)
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) =>
            time.UtcDateTime,
        var value => throw WrongType(name, value, "an ISO 8601 time such as 2016-06-13T11:06:42.075754"),
    };

    public JsonElement? Object(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => value,
        var value => throw WrongType(name, value, "a JSON object"),
    };

    private static string? IdOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?\z")]
    private static partial Regex IsoDate();

    private JsonElement? Get(string name) =>
        _values.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool TryBox(JsonElement value, out Box box)
    {
        box = null!;
        int[] coordinates;
        if (value.ValueKind == JsonValueKind.Object)
        {
            string[] names = ["x1", "y1", "x2", "y2"];
            if (!names.All(n => value.TryGetProperty(n, out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out _)))
                return false;
            coordinates = names.Select(n => value.GetProperty(n).GetInt32()).ToArray();
        }
        else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 4
                 && value.EnumerateArray().All(c => c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out _)))
        {
            coordinates = value.EnumerateArray().Select(c => c.GetInt32()).ToArray();
        }
        else
        {
            return false;
        }
        box = new Box(coordinates[0], coordinates[1], coordinates[2], coordinates[3]);
        return true;
    }

    private static async Task ReadPartsAsync(HttpRequest request, MediaTypeHeaderValue contentType, FacenapiOptions limits,
        Dictionary<string, JsonElement> values, Dictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        var fields = new KeyValueAccumulator();
        foreach (var part in await MultipartBody.ReadAsync(request.Body, contentType, limits.MaxRequestBodySize, limits.MaxPhotoSize,
                     cancellationToken))
        {
            if (part.FileName is null)
                fields.Append(part.Name, Encoding.UTF8.GetString(part.Content));
            else
                files[part.Name] = part.Content;
        }
        foreach (var (name, field) in fields.GetResults())
            values[name] = FromField(field);
    }

    // A form of url-encoded fields: no uploads, so ASP.NET's reader keeps nothing but the fields.
    private static async Task ReadFormAsync(HttpRequest request, Dictionary<string, JsonElement> values, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        // Kestrel's BadHttpRequestException (body too large) is an IOException too, and keeps its own status.
        catch (Exception exception) when (exception is (IOException and not BadHttpRequestException) or InvalidDataException)
        {
            throw new ApiException(ApiError.BadRequest($"The form body could not be read: {exception.Message}"));
        }
        foreach (var (name, field) in form)
            values[name] = FromField(field);
    }

    private static void ReadJson(byte[] body, Dictionary<string, JsonElement> values)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            return;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new ApiException(ApiError.MalformedJson($"The request body is not valid JSON: {exception.Message}"));
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new ApiException(ApiError.MalformedJson("The request body must be a JSON object of parameters."));
        foreach (var property in root.EnumerateObject())
            values[property.Name] = property.Value;
    }

    // A form or query field is a string, or JSON when it is a structure (spec 9.1.5); repeated fields make a list.
    private static JsonElement FromField(StringValues field)
    {
        if (field.Count > 1)
            return JsonSerializer.SerializeToElement(field.ToArray());
        var text = field.ToString();
        if (text.TrimStart() is ['[' or '{', ..])
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON after all: the string itself.
            }
        }
        return JsonSerializer.SerializeToElement(text);
    }

    private static ApiException WrongType(string name, JsonElement? value, string expected) =>
        new(ApiError.BadParam(name, value, $"{name} must be {expected}."));

}

/// <summary>A photo as the client gave it: uploaded bytes, a URL still to fetch, or an image already in the claim store
/// (a face captured over the bus), which stays its sender's to remove.</summary>
public sealed record PhotoSource(byte[]? Bytes, Uri? Url, ImageRef? Claim = null);
