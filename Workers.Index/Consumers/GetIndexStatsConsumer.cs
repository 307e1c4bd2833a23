using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Answers what each shard holds (FindFace's shard statistics, spec 8.6).</summary>
public sealed class GetIndexStatsConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<GetIndexStats>
{
    public async Task Consume(ConsumeContext<GetIndexStats> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        await context.RespondAsync(new IndexStatsResult(await index.StatsAsync(context.CancellationToken)));
    }
}
