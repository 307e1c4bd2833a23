using Contracts.Images;

namespace Contracts.Faces;

/// <summary>Store new faces and their photo in the metadata store and uploads. Answered by <see cref="PersistFacesResult"/>.</summary>
/// <param name="Photo">The original photo, in the image store.</param>
public sealed record PersistFaces(ImageRef Photo, IReadOnlyList<NewFace> Faces);
