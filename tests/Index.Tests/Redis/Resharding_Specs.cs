using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;
using TestSupport;
using Workers.Index;
using Workers.Index.Maintenance;
using Workers.Index.Redis;

namespace Index.Tests.Redis;

/// <summary>Moving cells between real Redis 8 shards while two index workers (each its own <see cref="RedisFaceIndex"/>, started
/// on the configured map of two shards) enroll, delete and identify.</summary>
public sealed class Resharding_Specs : IDisposable
{
    private readonly RedisServers _servers = new(3);
    private readonly Facens _facens = new(512, seed: 23);

    // The cluster was configured with the first two servers; the third is the shard being added.
    private string[] Configured => [_servers.Endpoints[0], _servers.Endpoints[1]];
    private string Added => _servers.Endpoints[2];

    // Lost a face in 2 of 4 runs until the batch was listed in the script that freezes it: the listing counted the old shard's
    // faces (VCARD) and then asked for that many (VRANDMEMBER), and a face enrolled in another cell between the two made the
    // second leave faces out, among them faces of the batch, which were then not copied and removed with the old copies.
    [Fact]
    public async Task Should_move_half_the_cells_of_a_loaded_shard_to_a_new_one_with_no_face_lost_duplicated_or_missing_from_search_under_load()
    {
        using var enroller = Worker();
        using var searcher = Worker();
        var faces = new ConcurrentDictionary<long, float[]>();
        var initial = Enumerable.Range(1, 3_000).Select(id => new IndexedFacen(id, _facens.Next(), id % 5 == 0 ? ["staff"] : [])).ToList();
        await enroller.AddAsync(initial);
        foreach (var face in initial)
            faces[face.FaceId] = face.Facen;
        var removed = new ConcurrentDictionary<long, bool>();
        var newFacens = Enumerable.Range(0, 8_000).Select(_ => _facens.Next()).ToArray();
        var (searches, enrollments, failures) = (0, 0, new ConcurrentQueue<string>());

        using var stop = new CancellationTokenSource();
        // Enroll: new faces in batches of 8, and now and then a removal of an old face, as the pipeline's index stage does.
        var enrolling = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < newFacens.Length / 8; i++)
            {
                var batch = Enumerable.Range(0, 8).Select(k => new IndexedFacen(10_000 + 8 * i + k, newFacens[8 * i + k], [])).ToList();
                await enroller.AddAsync(batch);
                foreach (var face in batch)
                    faces[face.FaceId] = face.Facen;
                Interlocked.Increment(ref enrollments);
                var gone = 1 + 7L * i;
                if (gone <= 3_000 && faces.TryRemove(gone, out _))
                {
                    removed[gone] = true;
                    Assert.Equal(1, await enroller.RemoveAsync([gone]));
                }
            }
        });
        // Identify: each enrolled face, searched with its own facen, comes back first, once.
        var identifying = Task.Run(async () =>
        {
            var random = new Random(5);
            while (!stop.IsCancellationRequested)
            {
                var ids = faces.Keys.OrderBy(_ => random.Next()).Take(8).ToList();
                var answers = await searcher.SearchAsync([.. ids.Select(id => faces.TryGetValue(id, out var f) ? f : newFacens[0])], "default", 5, -1);
                for (var q = 0; q < ids.Count; q++)
                {
                    if (answers[q].Select(m => m.FaceId).Distinct().Count() != answers[q].Count)
                        failures.Enqueue($"face {answers[q][0].FaceId} twice in one answer");
                    if (faces.ContainsKey(ids[q]) && !removed.ContainsKey(ids[q]) && answers[q].FirstOrDefault()?.FaceId != ids[q])
                        failures.Enqueue($"face {ids[q]} not found");
                }
                Interlocked.Increment(ref searches);
            }
        });

        using var operatorIndex = Worker();
        // Searches run between every two steps of every batch, and enrollments in every batch once it is given away (before, one
        // that touches a cell of the batch waits for it): the spec does not rely on the machine's speed for the overlap.
        var (pauses, startedAt) = (0, Stopwatch.StartNew());
        async Task OverlapAsync(ReshardStep step, IReadOnlyList<int> batch)
        {
            pauses++;
            await UntilAsync(searches, () => searches, "a search");
            if (step == ReshardStep.Given)
                await UntilAsync(enrollments, () => enrolling.IsCompleted ? int.MaxValue : enrollments, "an enrollment");
        }
        async Task UntilAsync(int before, Func<int> count, string what)
        {
            while (count() == before)
            {
                Assert.True(startedAt.Elapsed < TimeSpan.FromMinutes(5), $"no {what} for minutes");
                await Task.Delay(5);
            }
        }
        var resharding = new Resharding(operatorIndex, OverlapAsync);
        var plan = await resharding.PlanAsync(Configured[0], Added, ShardMap.ParseCells("256-511"));
        Assert.Equal(256, plan.CellsToMove.Count);
        var reports = new List<ReshardProgress>();
        var done = await resharding.MoveAsync(plan, cellsPerBatch: 16, progress =>
        {
            reports.Add(progress);
            return Task.CompletedTask;
        }, CancellationToken.None);
        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(enrolling, identifying);

        Assert.Empty(failures);
        Assert.Equal(16 * 4, pauses);
        Assert.Equal(16, reports.Count);
        Assert.Equal(256, done.CellsMoved);
        // Every face is on exactly one shard, the one its cell now belongs to; a removed face is on none.
        var map = await searcher.MapAsync();
        Assert.Equal([.. Configured, Added], map.Endpoints);
        Assert.All(Enumerable.Range(256, 256), cell => Assert.Equal(2, map.ShardOfCell(cell)));
        var held = await Task.WhenAll(_servers.Endpoints.Select(IdsAsync));
        Assert.Equal(faces.Keys.Order(), held.SelectMany(ids => ids).Order());
        for (var shard = 0; shard < 3; shard++)
            Assert.All(held[shard], id => Assert.Equal(shard, map.ShardOf(id)));
        Assert.True(held[2].Length > 500, $"the new shard holds {held[2].Length} faces");
        Assert.True(held[0].Length > 500, $"the old shard kept {held[0].Length} faces");
        // Galleries moved with their faces, and a worker that never saw a CELLMOVED still finds every face.
        Assert.Equal(faces.Keys.Count(id => id <= 3_000 && id % 5 == 0),
            (await searcher.SearchAsync([_facens.Next()], "staff", 10_000, -1))[0].Count);
        using var late = Worker();
        var all = faces.ToList();
        foreach (var chunk in all.Chunk(64))
        {
            var found = await late.SearchAsync([.. chunk.Select(face => face.Value)], "default", 1, -1);
            Assert.Equal(chunk.Select(face => face.Key), found.Select(answer => answer.Single().FaceId));
        }
    }

    /// <summary>The mover stops between each two steps of its first batch, and there workers enroll and remove faces in the batch's
    /// cells and in the old shard's other cells: a worker that has used the map of before the move and never been refused since,
    /// and a worker started right there.</summary>
    [Fact]
    public async Task Should_keep_every_write_made_between_any_two_steps_of_a_move()
    {
        using var loader = Worker();
        var initial = Enumerable.Range(1, 2_000).Select(id => new IndexedFacen(id, _facens.Next(), id % 3 == 0 ? ["staff"] : [])).ToList();
        await loader.AddAsync(initial);
        var faces = initial.ToDictionary(face => face.FaceId, face => face.Facen);
        var steps = Enum.GetValues<ReshardStep>();
        // One worker per step that learnt the map before the move: the first refusal teaches a worker the newer map.
        var stale = steps.ToDictionary(step => step, _ => Worker());
        foreach (var worker in stale.Values)
            Assert.Equal(2_000, await worker.CountAsync());
        var (batchCells, otherCells) = (Enumerable.Range(0, 64).ToHashSet(), Enumerable.Range(64, 448).ToHashSet());
        var (newIds, oldIds) = (new Queue<long>(Enumerable.Range(100_000, 100_000).Select(id => (long)id)), new Queue<long>(faces.Keys));
        long Next(Queue<long> ids, HashSet<int> cells)
        {
            while (!cells.Contains(ShardMap.CellOf(ids.Peek())))
                ids.Enqueue(ids.Dequeue());
            return ids.Dequeue();
        }
        var waiting = new List<(ReshardStep Step, string Write, Task<int> Done, int Expected)>();
        var workers = new List<RedisFaceIndex>(stale.Values);

        async Task WriteBetweenStepsAsync(ReshardStep step, IReadOnlyList<int> batch)
        {
            if (batch[0] != 0)
                return;
            var fresh = Worker();
            workers.Add(fresh);
            foreach (var (name, worker) in new[] { ("stale", stale[step]), ("fresh", fresh) })
            foreach (var (where, cells) in new[] { ("batch", batchCells), ("other", otherCells) })
            {
                var face = new IndexedFacen(Next(newIds, cells), _facens.Next(), ["staff"]);
                faces[face.FaceId] = face.Facen;
                var gone = Next(oldIds, cells);
                faces.Remove(gone);
                var writes = new[]
                {
                    ($"{name} worker enrolls {face.FaceId} in a {where} cell", worker.AddAsync([face]).AsTask(), 1),
                    ($"{name} worker removes {gone} from a {where} cell", worker.RemoveAsync([gone]).AsTask(), 1),
                };
                var written = Task.WhenAll(writes.Select(write => write.Item2));
                // Until a shard holds the map that gives the batch away, a write to it waits; any other is done right here.
                if (where == "batch" && step is ReshardStep.Frozen or ReshardStep.Copied)
                {
                    await Task.WhenAny(written, Task.Delay(300));
                    Assert.False(written.IsCompleted, $"a write to a frozen cell went through at {step}");
                }
                else
                    await written;
                waiting.AddRange(writes.Select(write => (step, write.Item1, write.Item2, write.Item3)));
            }
        }

        using var operatorIndex = Worker();
        var resharding = new Resharding(operatorIndex, WriteBetweenStepsAsync);
        await resharding.MoveAsync(await resharding.PlanAsync(Configured[0], Added, [.. Enumerable.Range(0, 512)]), 64,
            _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(4 * 2 * 2 * 2, waiting.Count);
        foreach (var (step, write, done, expected) in waiting)
            Assert.True(await done == expected, $"{write} at {step}: {await done}, not {expected}");
        var map = await operatorIndex.MapAsync();
        var held = await Task.WhenAll(_servers.Endpoints.Select(IdsAsync));
        Assert.Equal(faces.Keys.Order(), held.SelectMany(ids => ids).Order());
        for (var shard = 0; shard < 3; shard++)
            Assert.All(held[shard], id => Assert.Equal(shard, map.ShardOf(id)));
        using var searcher = Worker();
        foreach (var chunk in faces.Chunk(64))
        {
            var found = await searcher.SearchAsync([.. chunk.Select(face => face.Value)], "default", 1, -1);
            Assert.Equal(chunk.Select(face => face.Key), found.Select(answer => answer.Single().FaceId));
        }
        Assert.Equal(faces.Keys.Count(id => id <= 2_000 && id % 3 == 0) + 16,
            (await searcher.SearchAsync([_facens.Next()], "staff", 10_000, -1))[0].Count);
        foreach (var worker in workers)
            worker.Dispose();
    }

    /// <summary>The interleaving that lost faces, at the same point every run: the old shard, behind a relay, takes an enrollment
    /// in a cell outside the batch right after the mover's first command to it that follows the freeze, and before its second.
    /// When the batch was listed by counting first and asking for that many next, the enrollment fell between the two, the
    /// listing left one face out (all but a face or two of the shard's are in the batch), and that face was lost.</summary>
    [Fact]
    public async Task Should_copy_every_face_of_a_batch_when_the_old_shard_takes_an_enrollment_in_another_cell_while_the_batch_is_listed()
    {
        var batch = Enumerable.Range(0, 511).ToList();
        var freeze = batch.Select(cell => cell.ToString()).ToList();
        var enrolled = new IndexedFacen(Enumerable.Range(100_000, 100_000).First(id => ShardMap.CellOf(id) == 511), _facens.Next(), []);
        var (gate, frozen, commandsAfterFreeze) = (new object(), false, 0);
        RedisFaceIndex? writer = null;
        using var relay = new ShardRelay(Configured[0], async words =>
        {
            var name = ShardRelay.Text(words[0]).ToUpperInvariant();
            lock (gate)
            {
                if (!frozen)
                {
                    frozen = name is "EVALSHA" or "EVAL" && words.Skip(3).Select(ShardRelay.Text).SequenceEqual(freeze);
                    return;
                }
                // The index's own commands; the client library's heartbeats and handshakes pass uncounted.
                if (name is not ("EVALSHA" or "EVAL" or "VCARD" or "VRANDMEMBER" or "HGET" or "VSIM" or "VEMB") || ++commandsAfterFreeze != 2)
                    return;
            }
            Assert.Equal(1, await writer!.AddAsync([enrolled]));
        });
        using var loader = Worker(relay.Endpoint);
        var faces = Enumerable.Range(1, 1_500).Select(id => new IndexedFacen(id, _facens.Next(), [])).ToList();
        await loader.AddAsync(faces);
        writer = Worker(relay.Endpoint);
        Assert.Equal(1_500, await writer.CountAsync());
        using var operatorIndex = Worker(relay.Endpoint);
        var resharding = new Resharding(operatorIndex);

        await resharding.MoveAsync(await resharding.PlanAsync(relay.Endpoint, Added, batch), batch.Count, _ => Task.CompletedTask,
            CancellationToken.None);

        Assert.True(commandsAfterFreeze >= 2, $"the mover sent {commandsAfterFreeze} commands to the old shard after the freeze");
        var map = await operatorIndex.MapAsync();
        var held = await Task.WhenAll(_servers.Endpoints.Select(IdsAsync));
        Assert.Equal(faces.Select(face => face.FaceId).Append(enrolled.FaceId).Order(), held.SelectMany(ids => ids).Order());
        Assert.All(held[2], id => Assert.Equal(2, map.ShardOf(id)));
        Assert.All(held[0], id => Assert.Equal(511, ShardMap.CellOf(id)));
        writer.Dispose();
    }

    [Fact]
    public async Task Should_send_a_write_of_a_worker_with_the_old_map_to_the_new_shard()
    {
        using var stale = Worker();
        await stale.AddAsync([new IndexedFacen(1, _facens.Next(), [])]);
        using var operatorIndex = Worker();
        var resharding = new Resharding(operatorIndex);
        await resharding.MoveAsync(await resharding.PlanAsync(Configured[0], Added, [.. Enumerable.Range(0, 512)]), 512,
            _ => Task.CompletedTask, CancellationToken.None);

        var face = new IndexedFacen(2, _facens.Next(), ["staff"]);
        await stale.AddAsync([face]);
        await stale.RemoveAsync([1]);

        var added = await IdsAsync(Added);
        Assert.Equal(ShardMap.CellOf(2) < 512 ? [2L] : [], added);
        Assert.Empty(await IdsAsync(Configured[0]));
    }

    [Fact]
    public async Task Should_plan_without_moving_anything_and_refuse_cells_of_a_third_shard()
    {
        using var index = Worker();
        await index.AddAsync([.. Enumerable.Range(1, 500).Select(id => new IndexedFacen(id, _facens.Next(), []))]);
        var resharding = new Resharding(index);

        var plan = await resharding.PlanAsync(Configured[1], Added, ShardMap.ParseCells("768-1023"));

        Assert.Equal(Enumerable.Range(1, 500).Count(id => ShardMap.CellOf(id) >= 768), plan.FacesToMove);
        Assert.Equal(0, (await index.MapAsync()).Version);
        Assert.Empty(await IdsAsync(Added));
        await Assert.ThrowsAsync<ArgumentException>(() => resharding.PlanAsync(Configured[1], Added, ShardMap.ParseCells("0-10")));
    }

    public void Dispose() => _servers.Dispose();

    /// <param name="first">The first shard's endpoint when it is not the server's own (a <see cref="ShardRelay"/> in front of it).</param>
    private RedisIndexOptions Options(string? first = null) => new()
    {
        Shards = [new ShardCells { Endpoint = first ?? Configured[0], Cells = "0-511" }, new ShardCells { Endpoint = Configured[1], Cells = "512-1023" }],
        ShardTimeoutMs = 10_000,
    };

    private RedisFaceIndex Worker(string? first = null) => new(Microsoft.Extensions.Options.Options.Create(Options(first)));

    private static async Task<long[]> IdsAsync(string endpoint)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
        var database = connection.GetDatabase();
        // One command: a count at least the set's size returns the whole set (RedisShard.AllIdsAsync says why not two).
        return [.. ((RedisResult[])(await database.ExecuteAsync("VRANDMEMBER", "facen:default", long.MaxValue))!).Select(id => (long)id)];
    }
}
