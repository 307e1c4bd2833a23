using Contracts.Index;
using Gateway.Errors;
using Gateway.Sagas;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Gateway.Index;

/// <summary>The index stage's direct commands, for work that needs no photo: gallery moves and removals, comparisons, and
/// the shard statistics and direct gallery operations of spec 8.6 and 8.7. A facen the index cannot take is answered
/// BAD_PARAM, any other failure of the stage (a shard down) SERVICE_UNAVAILABLE, no answer in time likewise.</summary>
public sealed class FaceIndexClient(IScopedClientFactory clients, IOptions<PipelineOptions> options, ILogger<FaceIndexClient> logger)
{
    /// <summary>Adds faces, or replaces the facen and index spaces of those indexed already.</summary>
    public Task AddAsync(IReadOnlyList<IndexedFacen> faces, CancellationToken cancellationToken) =>
        RequestAsync<IndexFacens, IndexFacensResult>(new IndexFacens(faces), cancellationToken);

    public Task SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken) =>
        RequestAsync<SetFacenGalleries, SetFacenGalleriesResult>(new SetFacenGalleries(faceId, galleries), cancellationToken);

    public Task RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken) =>
        RequestAsync<RemoveFacens, RemoveFacensResult>(new RemoveFacens(faceIds), cancellationToken);

    public Task DropGalleryAsync(string gallery, CancellationToken cancellationToken) =>
        RequestAsync<DropGallery, DropGalleryResult>(new DropGallery(gallery), cancellationToken);

    /// <returns>The cosine similarity of every face of <paramref name="first"/> with every face of <paramref name="second"/>.</returns>
    public async Task<IReadOnlyList<IReadOnlyList<float>>> CompareAsync(
        IReadOnlyList<float[]> first, IReadOnlyList<float[]> second, CancellationToken cancellationToken) =>
        (await RequestAsync<CompareFacens, CompareFacensResult>(new CompareFacens(first, second), cancellationToken)).Similarities;

    public async Task<IReadOnlyList<ShardStats>> StatsAsync(CancellationToken cancellationToken) =>
        (await RequestAsync<GetIndexStats, IndexStatsResult>(new GetIndexStats(), cancellationToken)).Shards;

    /// <returns>False when the face was in the gallery already.</returns>
    public async Task<bool> AddToGalleryAsync(long faceId, float[] facen, string gallery, CancellationToken cancellationToken) =>
        (await RequestAsync<AddToGallery, AddToGalleryResult>(new AddToGallery(faceId, facen, gallery), cancellationToken)).Added;

    public async Task<float[]?> GetFacenAsync(long faceId, string gallery, CancellationToken cancellationToken) =>
        (await RequestAsync<GetGalleryFacen, GetGalleryFacenResult>(new GetGalleryFacen(faceId, gallery), cancellationToken)).Facen;

    /// <returns>False when the face was not in the gallery.</returns>
    public async Task<bool> RemoveFromGalleryAsync(long faceId, string gallery, CancellationToken cancellationToken) =>
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
