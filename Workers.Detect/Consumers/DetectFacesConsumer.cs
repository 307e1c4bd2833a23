using ClaimCheck;
using Contracts.Detection;
using Contracts.Images;
using MassTransit;
using Vision.Detection;
using Vision.Imaging;

namespace Workers.Detect.Consumers;

/// <summary>Reads the claimed image, decodes it and answers with its faces, or with why the image cannot be used.</summary>
public sealed class DetectFacesConsumer(IImageStore store, DecodedImageCache images, FaceDetection detection) : IConsumer<DetectFaces>
{
    public async Task Consume(ConsumeContext<DetectFaces> context)
    {
        var request = context.Message;
        try
        {
            using var lease = await images.OpenAsync(request.Image, store.GetAsync, context.CancellationToken);
            var image = lease.Image;
            var found = await detection.FindLargestAsync(image, request.Roi, request.Detector, request.AutoRotate);
            await context.RespondAsync(new DetectFacesResult(image.Orientation, image.Width, image.Height, found.Faces, found.Dropped));
        }
        catch (ImageRejectedException e)
        {
            await context.RespondAsync(new ImageRejected(e.Code, e.Message));
        }
    }
}
