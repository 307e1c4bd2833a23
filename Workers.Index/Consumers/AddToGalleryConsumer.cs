using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Puts one face into a gallery unless it is there (FindFace's direct add, spec 8.7.2); a facen the index cannot take
/// is answered <see cref="FacenRejected"/>.</summary>
public sealed class AddToGalleryConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<AddToGallery>
{
    public async Task Consume(ConsumeContext<AddToGallery> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var request = context.Message;
        try
        {
            var added = await index.AddToGalleryAsync(request.FaceId, request.Facen, request.Gallery, context.CancellationToken);
            await context.RespondAsync(new AddToGalleryResult(added));
        }
        catch (FacenShapeException e)
        {
            await context.RespondAsync(new FacenRejected(e.Message));
        }
    }
}
