using Contracts.Index;
using Gateway.Sagas;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Gateway.Index;

/// <summary>The index stage's direct commands, for changes that need no photo: gallery moves and removals.</summary>
public sealed class FaceIndexClient(
    IRequestClient<SetFacenGalleries> setGalleries,
    IRequestClient<RemoveFacens> remove,
    IRequestClient<DropGallery> dropGallery,
    IRequestClient<CompareFacens> compare,
    IOptions<PipelineOptions> options)
{
    private RequestTimeout Timeout => RequestTimeout.After(ms: (int)options.Value.StageTimeout.TotalMilliseconds);

    public async Task SetGalleriesAsync(long faceId, IReadOnlyList<string> galleries, CancellationToken cancellationToken) =>
        await setGalleries.GetResponse<SetFacenGalleriesResult>(new SetFacenGalleries(faceId, galleries), cancellationToken, Timeout);

    public async Task RemoveAsync(IReadOnlyList<long> faceIds, CancellationToken cancellationToken) =>
        await remove.GetResponse<RemoveFacensResult>(new RemoveFacens(faceIds), cancellationToken, Timeout);

    public async Task DropGalleryAsync(string gallery, CancellationToken cancellationToken) =>
        await dropGallery.GetResponse<DropGalleryResult>(new DropGallery(gallery), cancellationToken, Timeout);

    /// <returns>The cosine similarity of every face of <paramref name="first"/> with every face of <paramref name="second"/>.</returns>
    public async Task<IReadOnlyList<IReadOnlyList<float>>> CompareAsync(
        IReadOnlyList<float[]> first, IReadOnlyList<float[]> second, CancellationToken cancellationToken) =>
        (await compare.GetResponse<CompareFacensResult>(new CompareFacens(first, second), cancellationToken, Timeout)).Message.Similarities;
}
