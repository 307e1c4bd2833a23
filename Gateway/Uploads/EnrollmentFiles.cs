using System.Security.Cryptography;
using ClaimCheck;
using Contracts.Embedding;
using Contracts.Images;

namespace Gateway.Uploads;

/// <summary>
/// Writes an enrollment's files from the claim store to uploads, for its saga to do while the stages work
/// (<see cref="Sagas.PhotoStateMachine"/>): the photo once its faces are found, their thumbnails and normalized faces once
/// described. Names are MACs of the face ids (<see cref="UploadStore.Save"/>), so a saga that writes them again leaves no
/// second copy; an enrollment that fails has them removed by its compensation (<see cref="Storage.FaceErasure"/>).
/// </summary>
public sealed class EnrollmentFiles(IImageStore images, UploadStore uploads)
{
    /// <param name="faceId">The photo's first face: the photo's file is named after it.</param>
    public async Task<UploadedPhoto> SavePhotoAsync(ImageRef photo, long faceId, CancellationToken cancellationToken)
    {
        var bytes = await images.GetAsync(photo, cancellationToken);
        var path = uploads.Save(bytes, faceId.ToString());
        return new UploadedPhoto(path, Convert.ToHexStringLower(MD5.HashData(bytes)));
    }

    public async Task<IReadOnlyList<FaceFiles>> SaveFacesAsync(IReadOnlyList<long> faceIds, IReadOnlyList<FaceDescription> descriptions,
        CancellationToken cancellationToken)
    {
        var files = new List<FaceFiles>(faceIds.Count);
        for (var i = 0; i < faceIds.Count; i++)
        {
            files.Add(new FaceFiles(
                await SaveAsync(descriptions[i].Thumbnail, $"{faceIds[i]}_thumb"),
                await SaveAsync(descriptions[i].Normalized, $"{faceIds[i]}_norm")));
        }
        return files;

        async Task<string?> SaveAsync(ImageRef? image, string key) => image is null
            ? null
            : uploads.Save(await images.GetAsync(image, cancellationToken), key);
    }
}

/// <summary>An enrollment's photo in uploads.</summary>
/// <param name="Path">Relative to the uploads folder.</param>
/// <param name="Md5">Of the photo's bytes, hexadecimal: the face object's <c>photo_hash</c>.</param>
public sealed record UploadedPhoto(string Path, string Md5);

/// <summary>A new face's own files in uploads, relative to its folder; null where the face has none.</summary>
public sealed record FaceFiles(string? Thumbnail, string? Normalized);
