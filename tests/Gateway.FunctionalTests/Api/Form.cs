using System.Text.Json;
using TestSupport;

namespace Gateway.FunctionalTests.Api;

/// <summary>Builds FindFace API requests the ways clients send them (spec 9.1.5).</summary>
public static class Form
{
    /// <summary>application/x-www-form-urlencoded.</summary>
    public static FormUrlEncodedContent UrlEncoded(params (string Name, string Value)[] fields) =>
        new(fields.Select(field => KeyValuePair.Create(field.Name, field.Value)));

    /// <summary>Enrolls the biggest face of a photo and returns its face object.</summary>
    public static async Task<JsonElement> EnrollAsync(this HttpClient client, byte[] photo, string meta, params string[] galleries)
    {
        var fields = new List<(string, object)> { ("photo", photo), ("meta", meta) };
        fields.AddRange(galleries.Select(gallery => ("galleries", (object)gallery)));
        using var response = await client.PostAsync("/v0/face", ApiForms.Multipart(fields.ToArray()));
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("results")[0];
    }

    public static async Task CreateGalleryAsync(this HttpClient client, string gallery)
    {
        using var response = await client.PostAsync($"/v0/galleries/{gallery}", null);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A gallery name no other test uses.</summary>
    public static string NewGallery() => "g" + Guid.NewGuid().ToString("N")[..16];

    public static IEnumerable<long> Ids(this JsonElement faces) => faces.EnumerateArray().Select(face => face.GetProperty("id").GetInt64());
}
