using Contracts.Images;

namespace ClaimCheck;

/// <summary>Holds images between pipeline stages so that messages carry only an <see cref="ImageRef"/>.</summary>
public interface IImageStore
{
    /// <summary>Stores the image under its key (<see cref="ImageKeys"/>), replacing what the key held.</summary>
    Task PutAsync(ImageRef image, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <exception cref="FileNotFoundException">The image is not (or no longer) in the store.</exception>
    Task<byte[]> GetAsync(ImageRef image, CancellationToken cancellationToken = default);

    Task DeleteAsync(ImageRef image, CancellationToken cancellationToken = default);

    /// <summary>Removes images stored longer ago than <paramref name="age"/>; returns how many.</summary>
    Task<int> SweepAsync(TimeSpan age, CancellationToken cancellationToken = default);
}
