namespace Contracts.Faces;

/// <summary>Store new faces in the metadata store, which makes them visible; their files are in uploads already, written by the
/// saga while the other stages worked. Answered by <see cref="PersistFacesResult"/>.</summary>
public sealed record PersistFaces(UploadedPhoto Photo, IReadOnlyList<NewFace> Faces);

/// <summary>An enrollment's photo in uploads.</summary>
/// <param name="Path">Relative to the uploads folder.</param>
/// <param name="Md5">Of the photo's bytes, hexadecimal: the face object's <c>photo_hash</c>.</param>
public sealed record UploadedPhoto(string Path, string Md5);

/// <summary>A new face's own files in uploads, relative to its folder; null where the face has none.</summary>
public sealed record FaceFiles(string? Thumbnail, string? Normalized);
