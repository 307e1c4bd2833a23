using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.FunctionalTests;

/// <summary>Builds Extraction API bodies in both formats of spec 8.4.2 and reads answers.</summary>
public static class Requests
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static MultipartFormDataContent Multipart(string requestJson, params (string Part, byte[] Data)[] images)
    {
        var content = new MultipartFormDataContent { { new StringContent(requestJson, Encoding.UTF8), "request" } };
        foreach (var (part, data) in images)
        {
            var image = new ByteArrayContent(data);
            image.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(image, part, part + ".jpg");
        }
        return content;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
