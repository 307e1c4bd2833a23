using System.Net.Http.Headers;

namespace TestSupport;

/// <summary>FindFace API request bodies as clients send them (spec 9.1.5).</summary>
public static class ApiForms
{
    /// <summary>multipart/form-data, as <c>curl -F</c> sends it: byte arrays become uploaded files, anything else a field.</summary>
    public static MultipartFormDataContent Multipart(params (string Name, object Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            if (value is byte[] bytes)
            {
                var file = new ByteArrayContent(bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Add(file, name, name + ".jpg");
            }
            else
            {
                content.Add(new StringContent(value.ToString()!), name);
            }
        }
        return content;
    }
}
