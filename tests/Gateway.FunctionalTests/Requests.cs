using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.FunctionalTests;

/// <summary>Builds Extraction API bodies in both formats of spec 8.4.2, and reads the gateway's answers.</summary>
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

    /// <summary>The facen (base64) of the photo's first face, from <c>POST /v1/extract</c>.</summary>
    public static async Task<string> ExtractFacenAsync(this HttpClient client, string photo)
    {
        using var response = await client.PostAsync("/v1/extract",
            Multipart("""{"requests":[{"image":"multipart:face","need_facen":true}]}""", ("face", TestSupport.Photos.Bytes(photo))));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, json.ToString());
        return json.GetProperty("responses")[0].GetProperty("faces")[0].GetProperty("facen").GetString()!;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a 400 BAD_PARAM error (spec 9.1.10) that names <paramref name="param"/>.</summary>
    public static async Task AssertBadParamAsync(this HttpResponseMessage response, string param)
    {
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, json.ToString());
        Assert.Equal(("BAD_PARAM", param), (json.GetProperty("code").GetString(), json.GetProperty("param").GetString()));
    }
}
