using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Adds or replaces faces in the index; a facen it cannot take is answered <see cref="FacenRejected"/>.</summary>
public sealed class IndexFacensConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<IndexFacens>
{
    public async Task Consume(ConsumeContext<IndexFacens> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        try
        {
            var count = await index.AddAsync(context.Message.Faces, context.CancellationToken);
            await context.RespondAsync(new IndexFacensResult(count));
        }
        catch (FacenShapeException e)
        {
            await context.RespondAsync(new FacenRejected(e.Message));
        }
    }
}
