using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gateway.Features.Docs;

/// <summary>
/// An OpenAPI document as one HTML page with its style inline and no script, so that it loads nothing from anywhere
/// (spec 9.1.6: the API's own documentation, read in a browser).
/// </summary>
public static partial class DocsPage
{
    private const string Style = """
        body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 0 auto; padding: 1rem 2rem; color: #1d2330; }
        h2 { border-bottom: 1px solid #ccd; margin-top: 2.5rem; }
        section { border: 1px solid #dde; border-radius: 6px; padding: .25rem 1rem 1rem; margin: 1rem 0; }
        .method { font: bold 13px monospace; color: #fff; background: #456; padding: 2px 8px; border-radius: 4px; text-transform: uppercase; }
        .get { background: #2a7; } .post { background: #27c; } .put { background: #c82; } .delete { background: #c33; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #eef; padding: 4px 8px; }
        code { background: #f2f3f7; padding: 0 3px; border-radius: 3px; }
        .public { color: #2a7; font-size: 13px; }
        p.intro { white-space: pre-line; }
        """;

    public static string Render(JsonObject document)
    {
        var info = document["info"]!.AsObject();
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{Text(info["title"])}</title><style>{Style}</style></head><body>
            <h1>{Text(info["title"])}</h1>
            <p>Server: <code>{Text(document["servers"]![0]!["url"])}</code>; the OpenAPI document: <a href="../{Text(info["version"])}">{Text(info["version"])}</a>.</p>
            <p class="intro">{Markdown(info["description"])}</p>
            <h2>Methods</h2>
            """);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
                Operation(html, document, path, method, operation!.AsObject());
        }

        html.Append("<h2>Schemas</h2>");
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            html.Append($"""<section id="schema-{Text(name)}"><h3>{Text(name)}</h3><p>{Markdown(schema!["description"])}</p>""");
            Properties(html, schema.AsObject());
            html.Append("</section>");
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Operation(StringBuilder html, JsonObject document, string path, string method, JsonObject operation)
    {
        var isPublic = operation["security"] is JsonArray { Count: 0 };
        html.Append($"""
            <section><h3><span class="method {method}">{method}</span> <code>{Text(path)}</code> {Text(operation["summary"])}
            {(isPublic ? """<span class="public">no token needed</span>""" : "")}</h3>
            <p>{Markdown(operation["description"])}</p>
            """);

        if (operation["parameters"] is JsonArray parameters)
        {
            html.Append("<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr>");
            foreach (var parameter in parameters.Select(parameter => Resolve(document, parameter!)))
            {
                html.Append($"<tr><td><code>{Text(parameter["name"])}</code></td><td>{Text(parameter["in"])}</td>" +
                            $"<td>{Type(parameter["schema"]!)}</td><td>{Markdown(parameter["schema"]!["description"])}</td></tr>");
            }
            html.Append("</table>");
        }

        if (operation["requestBody"] is JsonObject body)
        {
            var content = body["content"]!.AsObject();
            html.Append($"<p>Body: {string.Join(", ", content.Select(entry => $"<code>{Text(entry.Key)}</code>"))}. {Markdown(body["description"])}</p>");
            Properties(html, Resolve(document, content.First().Value!["schema"]!));
        }

        html.Append("<table><tr><th>Status</th><th>Answer</th></tr>");
        foreach (var (status, response) in operation["responses"]!.AsObject())
        {
            var resolved = Resolve(document, response!);
            var schema = resolved["content"]?.AsObject().First().Value!["schema"];
            html.Append($"<tr><td>{Text(status)}</td><td>{(schema is null ? "" : Type(schema) + " ")}{Markdown(resolved["description"])}</td></tr>");
        }
        html.Append("</table></section>");
    }

    private static void Properties(StringBuilder html, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties || properties.Count == 0)
        {
            if (schema["allOf"] is JsonArray parts)
                html.Append($"<p>All of: {string.Join(", ", parts.Select(part => Type(part!)))}</p>");
            else if (schema["oneOf"] is JsonArray choices)
                html.Append($"<p>One of: {string.Join(", ", choices.Select(choice => Type(choice!)))}</p>");
            else
                html.Append($"<p>{Type(schema)}</p>");
            return;
        }
        var required = schema["required"]?.AsArray().Select(name => name!.GetValue<string>()).ToHashSet() ?? [];
        html.Append("<table><tr><th>Member</th><th>Type</th><th>Description</th></tr>");
        foreach (var (name, property) in properties)
        {
            var @default = property!["default"] is { } value ? $" Default: <code>{Text(value.ToJsonString())}</code>." : "";
            html.Append($"<tr><td><code>{Text(name)}</code>{(required.Contains(name) ? " (required)" : "")}</td>" +
                        $"<td>{Type(property)}</td><td>{Markdown(property["description"])}{@default}</td></tr>");
        }
        html.Append("</table>");
    }

    /// <summary>A schema in a few words: its type, or a link to the named schema it refers to.</summary>
    private static string Type(JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            return $"""<a href="#schema-{Text(name)}">{Text(name)}</a>""";
        }
        if (schema["oneOf"] is JsonArray choices)
            return string.Join(" or ", choices.Select(choice => Type(choice!)));
        if (schema["enum"] is JsonArray values)
            return string.Join(" | ", values.Select(value => $"<code>{Text(value)}</code>"));
        var type = schema["type"]?.GetValue<string>() ?? "any";
        if (type == "array")
            return $"array of {Type(schema["items"]!)}";
        return schema["format"]?.GetValue<string>() is { } format ? $"{type} ({Text(format)})" : type;
    }

    private static JsonObject Resolve(JsonObject document, JsonNode node)
    {
        if (node["$ref"]?.GetValue<string>() is not { } reference)
            return node.AsObject();
        JsonNode target = document;
        foreach (var step in reference.TrimStart('#', '/').Split('/'))
            target = target[step]!;
        return target.AsObject();
    }

    private static string Text(JsonNode? node) => WebUtility.HtmlEncode(node?.GetValue<string>() ?? "");

    private static string Text(string text) => WebUtility.HtmlEncode(text);

    // Descriptions use Markdown's `code` and **bold** only.
    private static string Markdown(JsonNode? node) =>
        Bold().Replace(Code().Replace(Text(node), "<code>$1</code>"), "<strong>$1</strong>");

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex Bold();
}
