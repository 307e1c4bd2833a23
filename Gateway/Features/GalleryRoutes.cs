using Contracts.Index;
using Gateway.Errors;
using Gateway.Storage;

namespace Gateway.Features;

/// <summary>Checks of the <c>&lt;gallery&gt;</c> part of gallery-scoped paths (spec 9.3).</summary>
public static class GalleryRoutes
{
    /// <param name="param">The path part's name in errors: <c>gallery</c>, or <c>name</c> in spec 8.6 and 8.7.</param>
    /// <exception cref="ApiException">BAD_PARAM for a name outside spec 9.2.13.</exception>
    public static string CheckName(string gallery, string param = "gallery") =>
        GalleryNames.IsValid(gallery) ? gallery : throw new ApiException(ApiError.BadParam(param, gallery, GalleryRules.NameRule));

    /// <summary>Null and <c>default</c> mean every face; any other name must be an existing gallery.</summary>
    /// <returns>The gallery to filter by, null for every face.</returns>
    /// <exception cref="ApiException">BAD_PARAM for an invalid name, NOT_FOUND for an unknown gallery.</exception>
    public static async Task<string?> EnsureExistsAsync(IFaceStore store, string? gallery, CancellationToken cancellationToken)
    {
        if (gallery is null or GalleryNames.Default)
            return null;
        CheckName(gallery);
        return await store.GalleryExistsAsync(gallery, cancellationToken)
            ? gallery
            : throw new ApiException(ApiError.NotFound($"There is no gallery named {gallery}."));
    }
}
