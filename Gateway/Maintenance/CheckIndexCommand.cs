using System.CommandLine;
using System.Diagnostics;
using Contracts.Index;
using Gateway.Storage;
using Workers.Index;
using Workers.Index.Maintenance;
using Workers.Index.Warmup;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway check-index [--repair]</c>: compares the metadata store with the Redis index shards (Index:Shards) both ways: stored
/// faces the index lacks, indexed faces the store does not hold, and faces in the wrong galleries or person spaces. With
/// <c>--repair</c> it makes the index what the store says (the store is the source of truth): missing and misplaced faces are
/// indexed again from their records, the others removed, and the pending marks it found are cleared, since every face is
/// settled. A face a shard holds in a cell of another shard (left by a reshard stopped before it removed its copies) is reported
/// too, and with --repair indexed again on the shard of its cell (when stored) and removed from the other. Run it, like rebuild-index, while no enrollment runs: a face an enrollment has indexed but not yet stored would be
/// taken out.
/// </summary>
/// <remarks>Exit codes: 0 the store and the index agree (after the repair, with --repair); 1 they disagree, or the check failed or
/// was interrupted (a shard down: nothing is changed before both sides are read); 2 no shards to check.</remarks>
public sealed record CheckIndexCommand(bool Repair) : IGatewayCommand
{
    public const string Name = "check-index";

    // Ids per listing of the index: a Redis shard reads a whole gallery set for each page (ShardScripts.ListIds), so pages are large.
    private const int PageSize = 10_000;

    // Stored faces read between two progress lines.
    private const int ProgressEvery = 10 * IndexFill.BatchSize;

    public static Command Define(Action<IGatewayCommand> chosen)
    {
        var repair = new Option<bool>("--repair") { Description = "Make the index what the store says" };
        var command = new Command(Name, "Compare the metadata store with the Redis index shards (Index:Shards) both ways") { repair };
        command.SetAction(parsed => chosen(new CheckIndexCommand(parsed.GetValue(repair))));
        return command;
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (await MaintenanceRun.ShardsAsync(Name, "it always agrees with it", services, output) is not { } index)
            return 2;
        var store = services.GetRequiredService<IFaceStore>();
        var clock = Stopwatch.StartNew();
        try
        {
            var pending = await store.ListPendingAsync(DateTime.MaxValue, null, int.MaxValue, cancellationToken);
            var stored = await ReadStoreAsync(services.GetRequiredService<IFacenSource>(), output, cancellationToken);
            var indexed = await ListAsync(index, GalleryNames.Default, cancellationToken);
            await output.WriteLineAsync($"{Name}: {stored.Count} faces stored, {indexed.Count} indexed ({clock.Elapsed.TotalSeconds:0.0} s)");

            var missing = stored.Keys.Where(id => !indexed.Contains(id)).Order().ToList();
            var extra = indexed.Where(id => !stored.ContainsKey(id)).Order().ToList();
            var misplaced = await MisplacedAsync(index, stored, indexed, cancellationToken);
            var shards = ShardMaintenance.Of(index);
            var wrongShard = shards is null ? [] : await shards.ListMisplacedAsync();
            await output.WriteLineAsync($"{Name}: {missing.Count} stored faces not indexed{Sample(missing)}, {extra.Count} indexed faces " +
                $"not stored{Sample(extra)}, {misplaced.Count} faces in other galleries than stored{Sample(misplaced)}, " +
                $"{wrongShard.Count} faces on a shard that does not own their cell{Sample([.. wrongShard.Select(face => face.FaceId)])}; " +
                $"{pending.Count} pending marks");
            var differences = missing.Count + extra.Count + misplaced.Count + wrongShard.Count;
            if (differences == 0 && (!Repair || pending.Count == 0))
            {
                await output.WriteLineAsync($"{Name}: the store and the index agree ({clock.Elapsed.TotalSeconds:0.0} s)");
                return 0;
            }
            if (!Repair)
            {
                await output.WriteLineAsync($"{Name}: run it again with --repair to make the index what the store says");
                return differences == 0 ? 0 : 1;
            }

            // A face held only by a shard that does not own its cell is indexed where it belongs before that copy goes.
            var again = missing.Concat(misplaced).Concat(wrongShard.Select(face => face.FaceId).Where(stored.ContainsKey)).Distinct().Order().ToList();
            await IndexAgainAsync(index, store, again, cancellationToken);
            foreach (var chunk in extra.Chunk(IndexFill.BatchSize))
                await index.RemoveAsync(chunk, cancellationToken);
            foreach (var shard in wrongShard.GroupBy(face => face.Endpoint))
                await shards!.RemoveMisplacedAsync(shard.Key, [.. shard.Select(face => face.FaceId)]);
            await store.ClearPendingAsync(pending, cancellationToken);
            await output.WriteLineAsync($"{Name}: repaired: {again.Count} faces indexed again, {extra.Count} removed, " +
                $"{wrongShard.Count} copies removed from shards that do not own their cell, {pending.Count} pending marks cleared " +
                $"({clock.Elapsed.TotalSeconds:0.0} s)");
            return 0;
        }
        catch (Exception e)
        {
            var why = e is OperationCanceledException ? "interrupted" : $"failed ({e.GetType().Name}: {e.Message})";
            await output.WriteLineAsync($"{Name}: {why} after {clock.Elapsed.TotalSeconds:0.0} s; run it again");
            return 1;
        }
    }

    /// <summary>Every stored face with its index spaces (named galleries and person space), sorted.</summary>
    private static async Task<Dictionary<long, string[]>> ReadStoreAsync(IFacenSource source, TextWriter output, CancellationToken cancellationToken)
    {
        var total = await source.CountAsync(GalleryNames.Default, afterId: 0, cancellationToken);
        var stored = new Dictionary<long, string[]>(total);
        await foreach (var face in source.ReadAsync(GalleryNames.Default, afterId: 0, cancellationToken))
        {
            stored[face.FaceId] = face.Galleries.Count == 0 ? [] : [.. GalleryNames.Named(face.Galleries).Order(StringComparer.Ordinal)];
            if (stored.Count % ProgressEvery == 0)
                await output.WriteLineAsync($"{Name}: {stored.Count}/{total} stored faces read");
        }
        return stored;
    }

    /// <summary>Faces both sides hold whose galleries differ: each gallery the index or the store knows is listed and compared.</summary>
    private static async Task<List<long>> MisplacedAsync(IFaceIndex index, Dictionary<long, string[]> stored, HashSet<long> indexed,
        CancellationToken cancellationToken)
    {
        var galleries = (await index.StatsAsync(cancellationToken)).SelectMany(shard => shard.Galleries).Select(gallery => gallery.Name)
            .Concat(stored.Values.SelectMany(spaces => spaces))
            .Where(name => name != GalleryNames.Default)
            .ToHashSet();
        var misplaced = new HashSet<long>();
        foreach (var gallery in galleries)
        {
            var members = await ListAsync(index, gallery, cancellationToken);
            misplaced.UnionWith(members.Where(id => stored.TryGetValue(id, out var spaces) && !spaces.Contains(gallery)));
            misplaced.UnionWith(stored.Where(face => face.Value.Contains(gallery) && indexed.Contains(face.Key) && !members.Contains(face.Key))
                .Select(face => face.Key));
        }
        return [.. misplaced.Order()];
    }

    private static async Task<HashSet<long>> ListAsync(IFaceIndex index, string gallery, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        for (var start = 0L; ;)
        {
            var page = await index.ListIdsAsync(gallery, start, PageSize, cancellationToken);
            ids.UnionWith(page);
            if (page.Count < PageSize)
                return ids;
            start = page[^1] + 1;
        }
    }

    /// <summary>Indexes faces again from their records: their facens and index spaces replace whatever the index holds.</summary>
    private static async Task IndexAgainAsync(IFaceIndex index, IFaceStore store, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(IndexFill.BatchSize))
        {
            await index.AddAsync(await store.GetIndexedAsync(chunk, cancellationToken), cancellationToken);
        }
    }

    // A few ids of a difference, so that the operator can look at them.
    private static string Sample(IReadOnlyList<long> ids) => ids.Count == 0 ? "" : $" ({string.Join(", ", ids.Take(5))}{(ids.Count > 5 ? ", ..." : "")})";
}
