using Contracts.Images;
using Microsoft.Extensions.Logging;

namespace ClaimCheck;

public static class ImageStoreExtensions
{
    /// <summary>Stores an image under a new key.</summary>
    public static async Task<ImageRef> PutNewAsync(this IImageStore store, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var image = ImageKeys.New();
        await store.PutAsync(image, data, cancellationToken);
        return image;
    }

    /// <summary>Removes claims once a call is answered; a claim that cannot be removed is logged, not thrown, as the answer stands.</summary>
    public static async Task DeleteAllAsync(this IImageStore store, IEnumerable<ImageRef> claims, ILogger logger)
    {
        foreach (var claim in claims)
        {
            try
            {
                await store.DeleteAsync(claim, CancellationToken.None);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(exception, "Could not delete the claimed image {Key}", claim.Key);
            }
        }
    }
}
