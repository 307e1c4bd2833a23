using Contracts.Images;

namespace ClaimCheck;

/// <summary>Where the embed stage puts a face's normalized image and thumbnail in the image store.</summary>
public sealed record FaceImageKeys(ImageRef Normalized, ImageRef Thumbnail)
{
    public static FaceImageKeys New() => new(ImageKeys.New(), ImageKeys.New());

    /// <summary>Derived from the photo's claim and the face's place in the request, so the same on a redelivery.</summary>
    public static FaceImageKeys For(ImageRef photo, int face) =>
        new(ImageKeys.Derived(photo, $"{face}/normalized"), ImageKeys.Derived(photo, $"{face}/thumbnail"));
}
