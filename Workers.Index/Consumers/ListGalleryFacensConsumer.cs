using Contracts.Index;
using MassTransit;
using Workers.Index.Warmup;

namespace Workers.Index.Consumers;

/// <summary>Lists a gallery's faces by increasing id (FindFace's direct list, spec 8.7.6).</summary>
public sealed class ListGalleryFacensConsumer(IFaceIndex index, IndexWarmup warmup) : IConsumer<ListGalleryFacens>
{
    public async Task Consume(ConsumeContext<ListGalleryFacens> context)
    {
        await warmup.Loaded.WaitAsync(context.CancellationToken);
        var request = context.Message;
        // One face more than asked tells where the next page starts.
        var faces = await index.ListAsync(request.Gallery, request.StartId, request.Count + 1, context.CancellationToken);
        var page = faces.Take(request.Count).ToList();
        await context.RespondAsync(new ListGalleryFacensResult(page, faces.Count > request.Count ? faces[^1].FaceId : null, index.Space));
    }
}
