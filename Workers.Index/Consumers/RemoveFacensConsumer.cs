using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Removes faces from the index and all their galleries.</summary>
public sealed class RemoveFacensConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<RemoveFacens>
{
    public async Task Consume(ConsumeContext<RemoveFacens> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var removed = await index.RemoveAsync(context.Message.FaceIds, context.CancellationToken);
        await context.RespondAsync(new RemoveFacensResult(removed));
    }
}
