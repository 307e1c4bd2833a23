using FluentValidation;
using Gateway.Storage;

namespace Gateway.Features;

/// <summary>Validation rules for gallery names that requests share.</summary>
public static class GalleryRules
{
    /// <summary>Every name is valid (spec 9.2.13) and names an existing gallery.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ExistingGalleries<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule, IFaceStore store) => rule
        .Must(names => names is null || names.All(GalleryNames.IsValidName))
        .WithMessage(GalleryNames.Rule)
        .MustAsync(async (names, cancellationToken) => names is null || await AllExistAsync(store, names, cancellationToken))
        .WithMessage("A gallery in the list does not exist; create it with POST /galleries/<name> first.");

    private static async Task<bool> AllExistAsync(IFaceStore store, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names.Where(name => name != GalleryNames.Default))
        {
            if (!await store.GalleryExistsAsync(name, cancellationToken))
                return false;
        }
        return true;
    }
}
