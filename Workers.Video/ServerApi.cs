using System.Net.Http.Headers;
using Workers.Video.Configuration;

namespace Workers.Video;

/// <summary>The one HTTP client to FindFace Server for the process: <c>api-host:api-port</c>, the <c>api-token</c> on every
/// request, and <c>req-timeout</c> for each request, the answer's body included.</summary>
public static class ServerApi
{
    public static HttpClient Create(VideoOptions options)
    {
        // Pooled connections are renewed so that DNS changes are seen.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri($"http://{options.ApiHost}:{options.ApiPort}"),
            Timeout = options.ReqTimeout,
        };
        if (options.ApiToken is { } token)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return http;
    }

    /// <summary>A path on the API host (<c>/v0/face</c>), or a full http(s) URL kept as it is.</summary>
    public static Uri Resolve(this HttpClient http, string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new Uri(http.BaseAddress!, pathOrUrl);
}
