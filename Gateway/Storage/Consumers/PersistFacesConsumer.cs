using System.Security.Cryptography;
using Contracts.Faces;
using Gateway.Uploads;
using MassTransit;
using Vision.ClaimCheck;

namespace Gateway.Storage.Consumers;

/// <summary>The saga's last stage for an enrollment: the photo and face images go to uploads, the faces to the metadata store.</summary>
public sealed class PersistFacesConsumer(IImageStore images, UploadStore uploads, IFaceStore faces) : IConsumer<PersistFaces>
{
    public async Task Consume(ConsumeContext<PersistFaces> context)
    {
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        var photo = await images.GetAsync(request.Photo, cancellationToken);
        var photoPath = await uploads.SaveAsync(photo, request.Faces[0].FaceId.ToString(), cancellationToken);
        var photoHash = Convert.ToHexStringLower(MD5.HashData(photo));

        var stored = new List<StoredFace>(request.Faces.Count);
        foreach (var face in request.Faces)
        {
            var description = face.Description;
            stored.Add(new StoredFace(
                face.FaceId,
                DateTime.UtcNow,
                photoPath,
                photoHash,
                description.Thumbnail is { } thumbnail ? await SaveAsync(thumbnail, $"{face.FaceId}_thumb") : null,
                description.Normalized is { } normalized ? await SaveAsync(normalized, $"{face.FaceId}_norm") : null,
                face.Box,
                face.Meta,
                face.Galleries,
                description.Gender,
                description.Age,
                description.Emotions,
                description.Facen!,
                description.FacenModel!));
        }
        await faces.AddAsync(stored, cancellationToken);
        await context.RespondAsync(new PersistFacesResult(stored.Count));

        async Task<string> SaveAsync(Contracts.Images.ImageRef image, string name) =>
            await uploads.SaveAsync(await images.GetAsync(image, cancellationToken), name, cancellationToken);
    }
}
