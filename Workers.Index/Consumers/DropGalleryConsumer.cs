using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Takes every face out of a named gallery.</summary>
public sealed class DropGalleryConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<DropGallery>
{
    public async Task Consume(ConsumeContext<DropGallery> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var removed = await index.DropGalleryAsync(context.Message.Gallery, context.CancellationToken);
        await context.RespondAsync(new DropGalleryResult(removed));
    }
}
