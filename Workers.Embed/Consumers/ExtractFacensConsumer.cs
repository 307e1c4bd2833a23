using Contracts.Embedding;
using Contracts.Images;
using MassTransit;
using Vision.ClaimCheck;
using Vision.Embedding;
using Vision.Imaging;

namespace Workers.Embed.Consumers;

/// <summary>Describes the detected faces of the claimed image: facen, attributes, normalized face, thumbnail.</summary>
public sealed class ExtractFacensConsumer(DecodedImageCache images, FaceDescriber describer) : IConsumer<ExtractFacens>
{
    public async Task Consume(ConsumeContext<ExtractFacens> context)
    {
        var request = context.Message;
        try
        {
            using var lease = await images.OpenAsync(request.Image, context.CancellationToken);
            var faces = await Task.WhenAll(request.Faces.Select((face, i) =>
                describer.DescribeAsync(lease.Image, face, request.Wanted, FaceImageKeys.For(request.Image, i), context.CancellationToken)));
            await context.RespondAsync(new ExtractFacensResult(faces));
        }
        catch (ImageRejectedException e)
        {
            await context.RespondAsync(new ImageRejected(e.Code, e.Message));
        }
    }
}
