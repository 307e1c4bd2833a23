using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Takes one face out of a gallery (FindFace's direct delete, spec 8.7.4).</summary>
public sealed class RemoveFromGalleryConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<RemoveFromGallery>
{
    public async Task Consume(ConsumeContext<RemoveFromGallery> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var removed = await index.RemoveFromGalleryAsync(context.Message.FaceId, context.Message.Gallery, context.CancellationToken);
        await context.RespondAsync(new RemoveFromGalleryResult(removed));
    }
}
