using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Reads the facen of one face of a gallery (FindFace's direct get, spec 8.7.3).</summary>
public sealed class GetGalleryFacenConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<GetGalleryFacen>
{
    public async Task Consume(ConsumeContext<GetGalleryFacen> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var facen = await index.GetFacenAsync(context.Message.FaceId, context.Message.Gallery, context.CancellationToken);
        await context.RespondAsync(new GetGalleryFacenResult(facen));
    }
}
