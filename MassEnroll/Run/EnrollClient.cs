using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MassEnroll.Jobs;

namespace MassEnroll.Run;

/// <summary>
/// The FindFace API as the tool uses it: a check of the server and the token before any image is read, and <c>POST /v1/face</c>
/// per image with its meta, the run's options and the image's idempotency key. What the server cannot answer now (no connection,
/// 503, a time-out) is tried again a few times before the image counts as failed.
/// </summary>
public sealed class EnrollClient(HttpClient http, RunOptions options) : IDisposable
{
    /// <summary>FindFace's header, as the API expects it (spec 9.1.3).</summary>
    private const string TokenScheme = "Token";

    /// <summary>The server's header for the image's key (Gateway's IdempotencyKey).</summary>
    private const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>An enrollment waits for the pipeline; the gateway gives up on a stage long before this.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Pauses before each retry of an answer the server could not give (the last one fails the image): 15 s in all,
    /// enough for a server restart to be noticed rather than to fail the rest of the job at once.</summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    /// <summary>The tool's own error codes, beside the API's: the image could not be read, or the server not reached.</summary>
    public const string FileError = "FILE_ERROR";
    public const string ConnectionError = "CONNECTION_ERROR";

    public static EnrollClient Create(RunOptions options)
    {
        var http = new HttpClient { BaseAddress = options.Api, Timeout = RequestTimeout };
        if (options.Token is { Length: > 0 } token)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(TokenScheme, token);
        return new EnrollClient(http, options);
    }

    /// <summary>Checks that the server answers, takes the token and has the gallery.</summary>
    /// <exception cref="UsageException">It does not, said plainly.</exception>
    public async Task CheckServerAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync("v1/galleries", cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new UsageException($"Cannot reach the API at {options.Api}: {error.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new UsageException($"The API at {options.Api} refused the token ({ErrorOf(response, body).Reason}). Give a valid one with --token.");
            if (!response.IsSuccessStatusCode)
                throw new UsageException($"The API at {options.Api} answered {(int)response.StatusCode} to GET /v1/galleries: {ErrorOf(response, body).Reason}");
            if (options.Gallery is { } gallery && gallery != RunOptions.DefaultGallery && !GalleriesIn(body).Contains(gallery))
                throw new UsageException($"The API at {options.Api} has no gallery named {gallery}: create it first (POST /v1/galleries/{gallery}).");
        }
    }

    /// <returns>The image done with its faces' ids, or failed with the API's error (or the tool's, <see cref="FileError"/>,
    /// <see cref="ConnectionError"/>).</returns>
    /// <exception cref="OperationCanceledException">The run was stopped: the image stays as it was.</exception>
    public async Task<JobImage> EnrollAsync(JobImage image, CancellationToken cancellationToken)
    {
        byte[] photo;
        try
        {
            photo = await File.ReadAllBytesAsync(image.Image, cancellationToken);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return image.Failed(new ImageError(FileError, $"Cannot read {image.Image}: {error.Message}"));
        }

        for (var attempt = 0; ; attempt++)
        {
            var outcome = await PostAsync(image, photo, cancellationToken);
            if (outcome.Result is { } result)
                return result;
            if (attempt == RetryDelays.Length)
                return image.Failed(outcome.Unavailable!);
            await Task.Delay(RetryDelays[attempt], cancellationToken);
        }
    }

    // A result, or the reason the server could not answer now.
    private async Task<(JobImage? Result, ImageError? Unavailable)> PostAsync(JobImage image, byte[] photo, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(photo), "photo", Path.GetFileName(image.Image));
        form.Add(new StringContent(image.Meta), "meta");
        if (options.Gallery is { } gallery && gallery != RunOptions.DefaultGallery)
            form.Add(new StringContent(gallery), "galleries");
        if (options.MfSelector is { } selector)
            form.Add(new StringContent(selector), "mf_selector");
        // Said either way: an attribute left unsaid is estimated when the server's default (Facenapi:Gae) says so, which costs the
        // attribute models' time on every image of a job that did not ask for them (spec 8.5: --gender and the others extract).
        foreach (var (name, wanted) in new[] { ("gender", options.Gender), ("age", options.Age), ("emotions", options.Emotions) })
            form.Add(new StringContent(wanted ? "true" : "false"), name);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/face") { Content = form };
        request.Headers.Add(IdempotencyHeader, image.Key);

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
                return (image.Done(FaceIdsIn(body)), null);
            var error = ErrorOf(response, body);
            return response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
                ? (null, error)
                : (image.Failed(error), null);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, new ImageError(ConnectionError, $"No answer from {options.Api}: {error.Message}"));
        }
    }

    private static IReadOnlyList<long> FaceIdsIn(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("results").EnumerateArray().Select(face => face.GetProperty("id").GetInt64()).ToList();
    }

    private static IReadOnlyList<string> GalleriesIn(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("results").EnumerateArray().Select(gallery => gallery.GetString() ?? "").ToList();
    }

    // The API's error body (spec 9.1.10); what is not one is reported with its status and text.
    private static ImageError ErrorOf(HttpResponseMessage response, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("code", out var code) && json.RootElement.TryGetProperty("reason", out var reason))
                return new ImageError(code.GetString() ?? "", reason.GetString() ?? "");
        }
        catch (JsonException)
        {
        }
        return new ImageError($"HTTP_{(int)response.StatusCode}", body.Length > 0 ? body : response.ReasonPhrase ?? "");
    }

    public void Dispose() => http.Dispose();
}
