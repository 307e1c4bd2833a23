using Contracts.Index;
using Gateway.Errors;
using Gateway.Sagas;
using MassTransit;
using Microsoft.Extensions.Options;
using Workers.Index;

namespace Gateway.Index;

/// <summary>The index stage's shard statistics and direct gallery operations (spec 8.6, 8.7): a facen the index cannot take is
/// answered BAD_PARAM, any other failure of the stage (a shard down) SERVICE_UNAVAILABLE.</summary>
public sealed class IndexShardsClient(IScopedClientFactory clients, IOptions<PipelineOptions> options, ILogger<IndexShardsClient> logger)
{
    public async Task<IReadOnlyList<ShardStats>> StatsAsync(CancellationToken cancellationToken) =>
        (await RequestAsync<GetIndexStats, IndexStatsResult>(new GetIndexStats(), cancellationToken)).Shards;

    /// <returns>False when the face was in the gallery already.</returns>
    public async Task<bool> AddAsync(long faceId, float[] facen, string gallery, CancellationToken cancellationToken) =>
        (await RequestAsync<AddToGallery, AddToGalleryResult>(new AddToGallery(faceId, facen, gallery), cancellationToken)).Added;

    public async Task<float[]?> GetAsync(long faceId, string gallery, CancellationToken cancellationToken) =>
        (await RequestAsync<GetGalleryFacen, GetGalleryFacenResult>(new GetGalleryFacen(faceId, gallery), cancellationToken)).Facen;

    /// <returns>False when the face was not in the gallery.</returns>
    public async Task<bool> RemoveAsync(long faceId, string gallery, CancellationToken cancellationToken) =>
        (await RequestAsync<RemoveFromGallery, RemoveFromGalleryResult>(new RemoveFromGallery(faceId, gallery), cancellationToken)).Removed;

    public Task<SearchFacensResult> SearchAsync(SearchFacens search, CancellationToken cancellationToken) =>
        RequestAsync<SearchFacens, SearchFacensResult>(search, cancellationToken);

    public Task<ListGalleryFacensResult> ListAsync(string gallery, long startId, int count, CancellationToken cancellationToken) =>
        RequestAsync<ListGalleryFacens, ListGalleryFacensResult>(new ListGalleryFacens(gallery, startId, count), cancellationToken);

    private async Task<TResult> RequestAsync<TRequest, TResult>(TRequest request, CancellationToken cancellationToken)
        where TRequest : class where TResult : class
    {
        var timeout = RequestTimeout.After(ms: (int)options.Value.StageTimeout.TotalMilliseconds);
        try
        {
            return (await clients.CreateRequestClient<TRequest>(timeout).GetResponse<TResult>(request, cancellationToken)).Message;
        }
        catch (RequestFaultException fault)
        {
            if (fault.Fault?.Exceptions.FirstOrDefault(e => e.ExceptionType == typeof(FacenShapeException).FullName) is { } shape)
                throw new ApiException(ApiError.BadParam("facen", null, shape.Message));
            logger.LogWarning(fault, "The index stage failed {Request}", typeof(TRequest).Name);
            throw new ApiException(ApiError.ServiceUnavailable("The index could not answer: a shard is down or failed; try again later."));
        }
    }
}
