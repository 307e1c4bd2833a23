namespace Contracts.Index;

/// <summary>
/// The index spaces that dynamic person creation (spec 8.2) searches: a face with a person id is indexed in its camera's
/// space, or in the global one when persons are identified across cameras (<c>person_identify_global</c>). They sit beside
/// the galleries in the index but start with <see cref="Prefix"/>, which no gallery name may, so the two never meet.
/// </summary>
public static class PersonSpaces
{
    public const char Prefix = '~';

    /// <summary>Every face with a person id, whatever its camera: the space of <c>person_identify_global</c> and of faces
    /// that came from no camera.</summary>
    public const string Global = "~";

    /// <param name="cameraId">A camera id (<see cref="IsCameraId"/>), or null for none.</param>
    public static string Of(string? cameraId, bool global) => global || cameraId is null ? Global : Prefix + cameraId;

    public static bool IsPersonSpace(string? name) => name == Global || name is [Prefix, .. var camera] && IsCameraId(camera);

    /// <summary>Where the index keeps a face: its named galleries, and its person space when it has one.</summary>
    public static IReadOnlyList<string> WithGalleries(IReadOnlyList<string> galleries, string? personSpace) =>
        personSpace is null ? galleries : [.. galleries, personSpace];

    /// <summary>Camera ids that can name a space: gallery names' characters and length, which a UUID fits.</summary>
    public static bool IsCameraId(string? id) => GalleryNames.IsValid(id);
}
