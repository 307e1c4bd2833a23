using Contracts.Images;

namespace Vision.ClaimCheck;

/// <summary>Holds images between pipeline stages so that messages carry only an <see cref="ImageRef"/>.</summary>
public interface IImageStore
{
    Task<ImageRef> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <exception cref="FileNotFoundException">The image is not (or no longer) in the store.</exception>
    Task<byte[]> GetAsync(ImageRef image, CancellationToken cancellationToken = default);

    Task DeleteAsync(ImageRef image, CancellationToken cancellationToken = default);
}
