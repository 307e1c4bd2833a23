using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Finds the most similar faces of a gallery for each query facen; a query the index cannot take is answered
/// <see cref="FacenRejected"/>.</summary>
public sealed class SearchFacensConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<SearchFacens>
{
    public async Task Consume(ConsumeContext<SearchFacens> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var request = context.Message;
        try
        {
            var search = await index.SearchShardsAsync(request.Queries, request.Gallery, request.N, request.MinSimilarity, request.Strict,
                request.Linear, context.CancellationToken);
            await context.RespondAsync(new SearchFacensResult(search.Matches, search.LiveShards, search.TotalShards, search.Indexed));
        }
        catch (FacenShapeException e)
        {
            await context.RespondAsync(new FacenRejected(e.Message));
        }
    }
}
