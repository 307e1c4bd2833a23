using System.Net;
using Hosting;
using Hosting.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workers.Index;
using Workers.Index.Redis;
using Metrics = TestSupport.Metrics;

namespace Index.Tests.Redis;

/// <summary>An index worker's copies of two real Redis 8 shards over their lives (<see cref="ShardCopies"/>): loaded when the worker
/// starts, with no search, measured on its /metrics, brought up to date or loaded again, and freed when their shard leaves the map.</summary>
public sealed class ShardCopies_Specs(RedisShards shards) : IClassFixture<RedisShards>, IDisposable
{
    private readonly Facens _facens = new(512, seed: 43);
    private readonly List<IDisposable> _disposables = [];

    [Fact]
    public async Task Should_load_the_copies_when_the_worker_starts_without_any_search_and_show_them_on_its_metrics()
    {
        var map = ShardMap.Even(shards.Endpoints);
        await FillAsync(map, 2_000);

        await using var worker = await StartWorkerAsync(shards.Endpoints[0], shards.Endpoints[1]);
        var http = worker.Http;

        var held = await Task.WhenAll(shards.Endpoints.Select((_, shard) => CountAsync(shard)));
        var scrape = await LoadedScrapeAsync(http, shards.Endpoints, held);

        var index = worker.App.Services.GetRequiredService<RedisFaceIndex>();
        var copies = index.Copies.ToDictionary(copy => copy.Key, copy => copy.Value);
        Assert.Equal(shards.Endpoints.Order(), copies.Keys.Order());
        foreach (var endpoint in shards.Endpoints)
        {
            // One load, at the start, and none for another reason.
            Assert.Equal(1, Metrics.Sum(scrape, "facepipe_index_copy_loads_total", Shard(endpoint)));
            Assert.Equal(2, Metrics.Sum(scrape, "facepipe_index_copy_loads_total", "reason=\"start\""));
            // 1,000 faces are one chunk: 16,384 rows of 512 bytes, 12 of bounds, 8 of id and 4 of gallery set.
            Assert.Equal(16_384 * (512 + 12 + 8 + 4), Metrics.Sum(scrape, "facepipe_index_copy_memory_bytes", Shard(endpoint)));
            Assert.Equal(copies[endpoint].Bytes, Metrics.Sum(scrape, "facepipe_index_copy_memory_bytes", Shard(endpoint)));
            Assert.Equal(0, Metrics.Sum(scrape, "facepipe_index_copy_lag", Shard(endpoint)));
        }
        // The copies are loaded, and no search was made: no answer of the worker's own has passed through them.
        var health = await http.GetAsync(ServiceDefaults.ReadyPath);
        var report = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("2 of 2 shards up.", report);
        Assert.DoesNotContain("loading copies", report);

        // Its rounds stopped, so that none replays between the writes and the round below: five write scripts on shard 0's cells
        // are the lag of shard 0's copy at the round's replay, none of shard 1's.
        await worker.App.Services.GetRequiredService<ShardCopies>().StopAsync(CancellationToken.None);
        var writer = Worker(SearchModes.Auto);
        foreach (var id in Enumerable.Range(10_001, 100).Where(id => map.ShardOf(id) == 0).Take(5))
            await writer.AddAsync([new IndexedFacen(id, _facens.Next(), [])]);
        await index.KeepShardCopiesAsync();
        scrape = await http.GetStringAsync(ServiceDefaults.MetricsPath);
        Assert.Equal(5, Metrics.Sum(scrape, "facepipe_index_copy_lag", Shard(shards.Endpoints[0])));
        Assert.Equal(0, Metrics.Sum(scrape, "facepipe_index_copy_lag", Shard(shards.Endpoints[1])));
        Assert.Equal(held[0] + 5, Metrics.Sum(scrape, "facepipe_index_copy_faces", Shard(shards.Endpoints[0])));
        await worker.App.StopAsync();
    }

    [Fact]
    public async Task Should_load_a_copy_again_with_the_reason_trimmed_or_behind()
    {
        var map = ShardMap.Even(shards.Endpoints);
        await FillAsync(map, 600);
        var index = Worker(SearchModes.Exact);
        await index.LoadShardCopiesAsync();

        // Shard 0's feed trimmed past the copy's last entry; 257 write scripts on shard 1's cells, one more than a replay reads.
        await Worker(SearchModes.Exact).AddAsync([new IndexedFacen(Enumerable.Range(5_001, 100).First(id => map.ShardOf(id) == 0), _facens.Next(), [])]);
        await shards.Shard(0).ExecuteAsync("XTRIM", ShardScripts.FeedKey, "MAXLEN", 0);
        var writer = Worker(SearchModes.Exact);
        foreach (var id in Enumerable.Range(6_001, 2_000).Where(id => map.ShardOf(id) == 1).Take(257))
            await writer.AddAsync([new IndexedFacen(id, _facens.Next(), [])]);

        // A round finds both gaps and drops the copies; the next waits for their loads.
        await index.KeepShardCopiesAsync();
        var (faces, _) = await index.LoadShardCopiesAsync();

        Assert.Equal(await CountAsync(0) + await CountAsync(1), faces);
        var loads = index.CopyLoadCounts.ToDictionary(count => count.Key, count => count.Value);
        Assert.Equal(new Dictionary<(string, string), long>
        {
            [(shards.Endpoints[0], CopyLoads.Start)] = 1, [(shards.Endpoints[0], CopyLoads.Trimmed)] = 1,
            [(shards.Endpoints[1], CopyLoads.Start)] = 1, [(shards.Endpoints[1], CopyLoads.Behind)] = 1,
        }, loads);
    }

    [Fact]
    public async Task Should_free_the_copy_of_a_shard_whose_cells_a_reshard_moved_away()
    {
        var map = ShardMap.Even(shards.Endpoints);
        var faces = await FillAsync(map, 1_000);
        var index = Worker(SearchModes.Exact);
        await index.LoadShardCopiesAsync();
        var leaving = index.CopyOf(index.Shard(shards.Endpoints[1]));
        Assert.True(leaving.IsLoaded && leaving.Bytes > 0);

        // The operator moves every cell of shard 1 to shard 0.
        var operatorIndex = Worker(SearchModes.Exact);
        var resharding = new Resharding(operatorIndex);
        var plan = await resharding.PlanAsync(shards.Endpoints[1], shards.Endpoints[0], ShardMap.ParseCells("512-1023"));
        await resharding.MoveAsync(plan, 256, _ => Task.CompletedTask, CancellationToken.None);

        var (_, freed) = await index.KeepShardCopiesAsync();

        Assert.Equal(new[] { shards.Endpoints[1] }, freed);
        Assert.Equal(new[] { shards.Endpoints[0] }, index.Copies.Select(copy => copy.Key));
        // Disposed: its rows' chunks went back (FacenArena.Dispose frees them), and it neither loads nor answers again.
        Assert.False(leaving.IsLoaded);
        Assert.Equal(0, leaving.Bytes);
        Assert.Equal(0, leaving.Count);
        Assert.Null(await leaving.SearchAsync([_facens.Next()], "default", 1, -1));
        await leaving.LoadedAsync();
        Assert.False(leaving.IsLoaded);
        // Shard 0's copy holds every face now, and the worker's exact searches find each first.
        Assert.Equal(faces.Count, (await index.LoadShardCopiesAsync()).Faces);
        foreach (var chunk in faces.Chunk(250))
        {
            var search = await index.SearchShardsAsync([.. chunk.Select(face => face.Facen)], "default", 1, -1, strict: true);
            Assert.False(search.Indexed);
            Assert.Equal(chunk.Select(face => face.FaceId), search.Matches.Select(matches => matches[0].FaceId));
        }
        Assert.Equal(new[] { shards.Endpoints[0] }, index.Copies.Select(copy => copy.Key));
    }

    [Fact]
    public async Task Should_free_the_copies_of_shards_that_grew_to_the_exact_limit_under_auto()
    {
        var map = ShardMap.Even(shards.Endpoints);
        await FillAsync(map, 1_000);
        var index = Worker(SearchModes.Auto, exactLimit: 600);
        Assert.Equal(1_000, (await index.LoadShardCopiesAsync()).Faces);

        // Each shard grows from ~500 faces past 600; Auto reads a shard's size again after 10 s.
        await Worker(SearchModes.Auto).AddAsync([.. Enumerable.Range(1_001, 400).Select(id => new IndexedFacen(id, _facens.Next(), []))]);
        Assert.All(await Task.WhenAll(shards.Endpoints.Select((_, shard) => CountAsync(shard))), count => Assert.True(count >= 600, $"{count}"));
        await Task.Delay(TimeSpan.FromSeconds(10.5));
        var (kept, freed) = await index.KeepShardCopiesAsync();

        Assert.Empty(kept);
        Assert.Equal(shards.Endpoints.Order(), freed.Order());
        Assert.Empty(index.Copies);
        // Their searches walk the graph now.
        Assert.True((await index.SearchShardsAsync([_facens.Next()], "default", 10, -1, strict: true)).Indexed);
    }

    [Fact]
    public async Task Should_stay_ready_and_say_which_copies_are_loading_while_they_load()
    {
        var map = ShardMap.Even(shards.Endpoints);
        await FillAsync(map, 5_000);
        var held = await Task.WhenAll(shards.Endpoints.Select((_, shard) => CountAsync(shard)));
        // Shard 1 reached through a relay that holds each read of 256 faces (the only commands of over 200 words here) 400 ms: its
        // copy loads for ~4 s, while the shard still answers the health check's statistics within their time limit.
        using var relay = new ShardRelay(shards.Endpoints[1], words => words.Count > 200 ? Task.Delay(400) : Task.CompletedTask);
        await using var worker = await StartWorkerAsync(shards.Endpoints[0], relay.Endpoint);
        var http = worker.Http;

        var reports = new List<string>();
        while (!reports.Any(report => report.Contains($"loading copies of {relay.Endpoint}")))
        {
            var health = await http.GetAsync(ServiceDefaults.ReadyPath);
            reports.Add(await health.Content.ReadAsStringAsync());
            Assert.True(health.StatusCode == HttpStatusCode.OK && reports[^1].Contains("\"Healthy\""), reports[^1]);
            Assert.True(reports.Count < 100, "no health report said that shard 1's copy was loading:\n" + string.Join('\n', reports));
            await Task.Delay(100);
        }
        Assert.Contains("2 of 2 shards up; loading copies of", reports[^1]);

        await LoadedScrapeAsync(http, [shards.Endpoints[0], relay.Endpoint], held);
        var loaded = await (await http.GetAsync(ServiceDefaults.ReadyPath)).Content.ReadAsStringAsync();
        Assert.Contains("2 of 2 shards up.", loaded);
        Assert.DoesNotContain("loading copies", loaded);
        await worker.App.StopAsync();
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
            disposable.Dispose();
    }

    /// <summary>An index worker as Workers.Index/Program.cs composes it (its services, health and metrics endpoints), without the bus,
    /// over shards 0-511 and 512-1023; started, with a client of its endpoints.</summary>
    private static async Task<RunningWorker> StartWorkerAsync(string first, string second)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Deployment.Key] = nameof(DeploymentMode.Cluster),
            ["Index:Shards:0:Endpoint"] = first, ["Index:Shards:0:Cells"] = "0-511",
            ["Index:Shards:1:Endpoint"] = second, ["Index:Shards:1:Cells"] = "512-1023",
            ["Index:ShardTimeoutMs"] = "10000",
        });
        builder.UseWorkerUrls().AddServiceDefaults();
        builder.Services.AddFaceIndex(Deployment.Read(builder.Configuration, PipelineProcess.IndexWorker), builder.Configuration);
        var worker = builder.Build();
        worker.MapServiceEndpoints();
        await worker.StartAsync();
        var address = worker.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningWorker(worker, new HttpClient { BaseAddress = new Uri(address) });
    }

    private sealed record RunningWorker(WebApplication App, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.DisposeAsync();
        }
    }

    /// <summary>The worker's /metrics once its copy of each shard holds the faces the shard does.</summary>
    private static async Task<string> LoadedScrapeAsync(HttpClient http, IReadOnlyList<string> endpoints, long[] held)
    {
        for (var waited = 0; ; waited++)
        {
            var scrape = await http.GetStringAsync(ServiceDefaults.MetricsPath);
            if (endpoints.Select((endpoint, shard) => Metrics.Sum(scrape, "facepipe_index_copy_faces", Shard(endpoint)) == held[shard]).All(loaded => loaded))
                return scrape;
            Assert.True(waited < 600, $"the copies were not loaded within 60 s of the start:\n{scrape}");
            await Task.Delay(100);
        }
    }

    /// <summary>Empties the shards and enrolls faces 1 to <paramref name="count"/> under the configured map.</summary>
    private async Task<IReadOnlyList<IndexedFacen>> FillAsync(ShardMap map, int count)
    {
        await shards.FlushAsync();
        var faces = Enumerable.Range(1, count).Select(id => new IndexedFacen(id, _facens.Next(), id % 3 == 0 ? ["staff"] : [])).ToList();
        using var writer = new RedisFaceIndex(new RedisIndexOptions(), map);
        await writer.AddAsync(faces);
        return faces;
    }

    private RedisFaceIndex Worker(string search, int exactLimit = 250_000)
    {
        var worker = new RedisFaceIndex(new RedisIndexOptions { Search = search, ExactLimit = exactLimit, ShardTimeoutMs = 30_000 },
            ShardMap.Even(shards.Endpoints));
        _disposables.Add(worker);
        return worker;
    }

    private async Task<long> CountAsync(int shard) => (long)await shards.Shard(shard).ExecuteAsync("VCARD", ShardScripts.DefaultKey);

    private static string Shard(string endpoint) => $"shard=\"{endpoint}\"";
}
