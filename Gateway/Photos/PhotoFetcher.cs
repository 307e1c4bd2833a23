using Gateway.Errors;
using Gateway.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Photos;

/// <summary>
/// Fetches a photo by URL as spec 9.1.9 asks: public and direct (a redirect is an error), at most
/// <see cref="FetchOptions.SizeLimit"/> bytes, within <see cref="FetchOptions.Timeout"/>.
/// Which addresses may be reached is decided at connect time by <see cref="PhotoFetchRegistration"/>.
/// </summary>
public sealed class PhotoFetcher(HttpClient client, IOptions<FetchOptions> options)
{
    /// <exception cref="PhotoFetchException">The photo could not be fetched.</exception>
    public async Task<byte[]> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            throw new PhotoFetchException(ErrorCodes.FetchForbidden, "Fetching images by URL is disabled on this server.");
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            throw new PhotoFetchException(ErrorCodes.FetchFailed, "Only http and https URLs are fetched.");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
                throw new PhotoFetchException(ErrorCodes.FetchFailed,
                    $"The URL redirects ({status}) to {response.Headers.Location}; only direct URLs are fetched.");
            if (!response.IsSuccessStatusCode)
                throw new PhotoFetchException(ErrorCodes.FetchFailed, $"The URL answered {status} {response.ReasonPhrase}.");
            if (response.Content.Headers.ContentLength > settings.SizeLimit)
                throw TooLarge(settings.SizeLimit);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await LimitedRead.ToArrayAsync(body, settings.SizeLimit, timeout.Token) ?? throw TooLarge(settings.SizeLimit);
        }
        catch (HttpRequestException exception) when (exception.InnerException is PhotoFetchException refused)
        {
            throw refused;
        }
        catch (HttpRequestException exception)
        {
            throw new PhotoFetchException(ErrorCodes.FetchFailed, $"The URL could not be fetched: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PhotoFetchException(ErrorCodes.FetchFailed, $"The URL was not fetched within {settings.Timeout.TotalSeconds:0.#} s.");
        }
    }

    private static PhotoFetchException TooLarge(int limit) =>
        new(ErrorCodes.ImageTooLarge, $"The image is larger than {limit} bytes.");
}
