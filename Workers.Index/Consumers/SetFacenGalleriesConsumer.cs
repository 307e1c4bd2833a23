using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Replaces the named galleries of an indexed face.</summary>
public sealed class SetFacenGalleriesConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<SetFacenGalleries>
{
    public async Task Consume(ConsumeContext<SetFacenGalleries> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var found = await index.SetGalleriesAsync(context.Message.FaceId, context.Message.Galleries, context.CancellationToken);
        await context.RespondAsync(new SetFacenGalleriesResult(found));
    }
}
