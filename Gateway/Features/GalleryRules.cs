using Contracts.Index;
using FluentValidation;
using Gateway.Storage;

namespace Gateway.Features;

/// <summary>Validation rules for gallery names that requests share.</summary>
public static class GalleryRules
{
    public static readonly string NameRule = $"Gallery names are 1 to {GalleryNames.MaxLength} characters of a-z, A-Z, 0-9, _ and -.";

    /// <summary>The most galleries one request may name: each is looked up, so an unbounded list would be a cheap way to load the store.</summary>
    public const int MaxPerRequest = 256;

    /// <summary>Every name is valid (spec 9.2.13) and names an existing gallery.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ExistingGalleries<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule, IFaceStore store) => rule
        .Must(names => names is null || names.Count <= MaxPerRequest)
        .WithMessage($"At most {MaxPerRequest} galleries may be named at once.")
        .Must(names => names is null || names.All(GalleryNames.IsValid))
        .WithMessage(GalleryRules.NameRule)
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
