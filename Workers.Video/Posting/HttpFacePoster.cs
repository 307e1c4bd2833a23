using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workers.Video.Configuration;

namespace Workers.Video.Posting;

/// <summary>Posts each face as fkvideo_detector does (spec 5.4): a multipart form to <c>request-url</c> on
/// <c>api-host:api-port</c> with the token, the <c>body</c> fields, <c>cam_id</c>, <c>timestamp</c> (with
/// <c>start-ts</c>), <c>bbox</c>, the frame under <c>img-arg</c> and <c>detectorParams</c>, through <see cref="ServerApi"/>'s client.</summary>
public sealed class HttpFacePoster(HttpClient http, VideoOptions options, ILogger<HttpFacePoster> logger) : IFacePoster
{
    private const int LoggedBodyChars = 300;

    private readonly Uri _requestUri = http.Resolve(options.RequestUrl);

    public async Task<bool> PostAsync(FacePost face, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in options.Body)
            form.Add(new StringContent(value), name);
        form.Add(new StringContent(face.CameraId), "cam_id");
        if (options.StartTs)
            form.Add(new StringContent(face.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture)), "timestamp");
        form.Add(new StringContent(JsonSerializer.Serialize(new[] { new[] { face.Box.Left, face.Box.Top, face.Box.Right, face.Box.Bottom } })), "bbox");
        var photo = new ByteArrayContent(face.Photo);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, options.ImgArg, $"{face.Timestamp.ToUnixTimeMilliseconds()}.jpeg");
        form.Add(new StringContent(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["score"] = face.Quality.Score,
            ["direction_score"] = face.Quality.DirectionScore,
        })), "detectorParams");

        using var request = new HttpRequestMessage(HttpMethod.Post, _requestUri) { Content = form };
        foreach (var (name, value) in options.Headers)
            request.Headers.TryAddWithoutValidation(name, value);

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
                return true;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            logger.LogWarning("Camera {Camera}: {Url} answered {Status}: {Body}", face.CameraId, _requestUri, (int)response.StatusCode,
                body.Length > LoggedBodyChars ? body[..LoggedBodyChars] : body);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Camera {Camera}: posting to {Url} failed: {Error}", face.CameraId, _requestUri,
                e is OperationCanceledException ? $"no answer within {options.ReqTimeout.TotalSeconds} s" : e.Message);
        }
        return false;
    }
}
