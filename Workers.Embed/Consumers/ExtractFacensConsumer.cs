using ClaimCheck;
using Contracts.Embedding;
using Contracts.Images;
using MassTransit;
using Vision.Embedding;
using Vision.Imaging;

namespace Workers.Embed.Consumers;

/// <summary>Describes the detected faces of the claimed image (facen, attributes) and keeps their normalized faces and
/// thumbnails in the claim store for the gateway.</summary>
public sealed class ExtractFacensConsumer(IImageStore store, DecodedImageCache images, FaceDescriber describer) : IConsumer<ExtractFacens>
{
    public async Task Consume(ConsumeContext<ExtractFacens> context)
    {
        var request = context.Message;
        try
        {
            using var lease = await images.OpenAsync(request.Image, store.GetAsync, context.CancellationToken);
            var faces = await Task.WhenAll(request.Faces.Select(async (face, i) =>
            {
                var described = await describer.DescribeAsync(lease.Image, face, request.Wanted);
                var keys = FaceImageKeys.For(request.Image, i);
                return new FaceDescription(described.Facen, described.FacenModel, described.Gender, described.Age, described.Emotions,
                    await PutAsync(keys.Normalized, described.Normalized, context.CancellationToken),
                    await PutAsync(keys.Thumbnail, described.Thumbnail, context.CancellationToken));
            }));
            await context.RespondAsync(new ExtractFacensResult(faces));
        }
        catch (ImageRejectedException e)
        {
            await context.RespondAsync(new ImageRejected(e.Code, e.Message));
        }
    }

    /// <returns>The claim of the image, or null when it was not asked for.</returns>
    private async Task<ImageRef?> PutAsync(ImageRef key, byte[]? image, CancellationToken cancellationToken)
    {
        if (image is null)
            return null;
        await store.PutAsync(key, image, cancellationToken);
        return key;
    }
}
