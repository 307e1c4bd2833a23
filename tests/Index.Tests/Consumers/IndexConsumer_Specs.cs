using System.Runtime.CompilerServices;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workers.Index;
using Workers.Index.Warmup;

namespace Index.Tests.Consumers;

/// <summary>The index stage over a bus: each message answered by its reply, bad input by a fault the requester sees.</summary>
public sealed class IndexConsumer_Specs
{
    private readonly Facens _facens = new(512);

    [Fact]
    public async Task Should_index_search_and_remove_faces_through_the_bus()
    {
        await using var bus = await StartAsync();
        var (alice, bob) = (new IndexedFacen(1, _facens.Next(), ["staff"]), new IndexedFacen(2, _facens.Next(), ["staff"]));

        Assert.Equal(2, (await bus.RequestAsync<IndexFacens, IndexFacensResult>(new IndexFacens([alice, bob]))).Count);
        var found = await bus.RequestAsync<SearchFacens, SearchFacensResult>(new SearchFacens([alice.Facen, bob.Facen], "staff", 1, 0.5f));
        Assert.Equal([1L, 2L], found.Matches.Select(matches => matches.Single().FaceId));
        Assert.Equal(1f, found.Matches[0][0].Similarity, 1e-5f);

        Assert.True((await bus.RequestAsync<SetFacenGalleries, SetFacenGalleriesResult>(new SetFacenGalleries(2, ["vip"]))).Found);
        Assert.Equal(1, (await bus.RequestAsync<DropGallery, DropGalleryResult>(new DropGallery("staff"))).Removed);
        Assert.Equal(1, (await bus.RequestAsync<RemoveFacens, RemoveFacensResult>(new RemoveFacens([1, 3]))).Removed);

        var left = await bus.RequestAsync<SearchFacens, SearchFacensResult>(new SearchFacens([bob.Facen], "default", 10, -1));
        Assert.Equal([2L], left.Matches[0].Select(match => match.FaceId));
    }

    [Fact]
    public async Task Should_answer_FacenRejected_for_a_facen_of_another_dimension()
    {
        await using var bus = await StartAsync();
        await bus.RequestAsync<IndexFacens, IndexFacensResult>(new IndexFacens([new IndexedFacen(1, _facens.Next(), [])]));

        var rejected = await bus.RequestAsync<IndexFacens, FacenRejected>(new IndexFacens([new IndexedFacen(2, new float[128], [])]));
        Assert.Contains("128", rejected.Reason);
        var search = await bus.RequestAsync<SearchFacens, FacenRejected>(new SearchFacens([new float[128]], "default", 1, 0));
        Assert.Contains("128", search.Reason);
    }

    [Fact]
    public async Task Should_answer_the_direct_gallery_requests_and_the_shard_statistics_through_the_bus()
    {
        await using var bus = await StartAsync();
        var (five, nine) = (_facens.Next(), _facens.Next());

        Assert.True((await bus.RequestAsync<AddToGallery, AddToGalleryResult>(new AddToGallery(5, five, "staff"))).Added);
        Assert.True((await bus.RequestAsync<AddToGallery, AddToGalleryResult>(new AddToGallery(9, nine, "staff"))).Added);
        Assert.False((await bus.RequestAsync<AddToGallery, AddToGalleryResult>(new AddToGallery(9, nine, "staff"))).Added);
        Assert.Equal(five, (await bus.RequestAsync<GetGalleryFacen, GetGalleryFacenResult>(new GetGalleryFacen(5, "staff"))).Facen);
        var page = await bus.RequestAsync<ListGalleryFacens, ListGalleryFacensResult>(new ListGalleryFacens("staff", 0, 1));
        var stats = await bus.RequestAsync<GetIndexStats, IndexStatsResult>(new GetIndexStats());
        Assert.True((await bus.RequestAsync<RemoveFromGallery, RemoveFromGalleryResult>(new RemoveFromGallery(5, "default"))).Removed);

        Assert.Equal([5L], page.Faces.Select(face => face.FaceId));
        Assert.Equal((9L, "linear"), (page.Next, page.Space));
        var shard = Assert.Single(stats.Shards);
        Assert.Equal(("local", true), (shard.Endpoint, shard.Up));
        Assert.Equal([("default", 2L), ("staff", 2L)], shard.Galleries.Select(g => (g.Name, g.Faces)));
        Assert.Null((await bus.RequestAsync<GetGalleryFacen, GetGalleryFacenResult>(new GetGalleryFacen(5, "staff"))).Facen);
        var rejected = await bus.RequestAsync<AddToGallery, FacenRejected>(new AddToGallery(6, new float[128], "staff"));
        Assert.Contains("128", rejected.Reason);
    }

    [Fact]
    public async Task Should_answer_a_fault_for_n_below_one()
    {
        await using var bus = await StartAsync();

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() =>
            bus.RequestAsync<SearchFacens, SearchFacensResult>(new SearchFacens([_facens.Next()], "default", 0, 0)));
        Assert.Contains(fault.Fault!.Exceptions, e => e.ExceptionType == typeof(ArgumentOutOfRangeException).FullName);
    }

    [Fact]
    public async Task Should_search_the_faces_of_the_facen_source_once_loaded()
    {
        var source = new GatedSource([new IndexedFacen(1, _facens.Next(), ["staff"]), new IndexedFacen(2, _facens.Next(), [])]);
        await using var bus = await StartAsync(services => services.AddSingleton<IFacenSource>(source));

        var search = bus.RequestAsync<SearchFacens, SearchFacensResult>(new SearchFacens([_facens.Next()], "default", 10, -1));
        source.Open();

        Assert.Equal([1L, 2L], (await search).Matches[0].Select(match => match.FaceId).Order());
    }

    private static async Task<IndexBus> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection().AddLogging().AddFaceIndex();
        configure?.Invoke(services);
        var provider = services.AddMassTransitTestHarness(bus => bus.AddIndexConsumers()).BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new IndexBus(provider, harness);
    }

    /// <summary>A started test harness with the index stage's consumers, and request round trips through it.</summary>
    private sealed class IndexBus(ServiceProvider provider, ITestHarness harness) : IAsyncDisposable
    {
        public async Task<TResult> RequestAsync<TRequest, TResult>(TRequest request) where TRequest : class where TResult : class =>
            (await harness.GetRequestClient<TRequest>().GetResponse<TResult>(request)).Message;

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }

    /// <summary>A facen source that yields its faces only once opened, as a slow metadata store would.</summary>
    private sealed class GatedSource(IReadOnlyList<IndexedFacen> faces) : IFacenSource
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public async IAsyncEnumerable<IndexedFacen> ReadAsync(string gallery, long afterId,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await _open.Task.WaitAsync(cancellationToken);
            foreach (var face in faces.Where(face => face.FaceId > afterId))
                yield return face;
        }

        public Task<int> CountAsync(string gallery, long afterId, CancellationToken cancellationToken) =>
            Task.FromResult(faces.Count(face => face.FaceId > afterId));
    }
}
