using System.Globalization;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using Workers.Index;
using Workers.Index.Redis;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway reshard --from HOST:PORT --to HOST:PORT --cells RANGES [--batch N] [--dry-run]</c>: moves cells of the shard map from
/// one Redis shard to another (a new shard joins the map) while the cluster serves searches and enrollments
/// (<see cref="Resharding"/>): a batch of cells at a time, their faces copied, the map switched on every shard, the old copies
/// removed. The map stored on the shards is the checkpoint: run again after a stop, it goes on with the cells not moved yet. The
/// progress file <c>maintenance/reshard.checkpoint</c> keeps the last cell moved, for the operator.
/// </summary>
/// <remarks>Exit codes: 0 moved (or, with --dry-run, planned); 1 failed or interrupted (run it again); 2 bad arguments or no
/// shards. Afterwards set Index:Shards to the map it prints, so that a process started later begins from it (a stored map of a
/// higher version wins over the configured one meanwhile).</remarks>
public sealed class ReshardCommand(ReshardCommand.Settings settings, string[] hostArgs) : IGatewayCommand
{
    public const string Name = "reshard";

    /// <summary>What the command line gives: the shards, the cells, cells per batch and whether to only plan.</summary>
    public sealed record Settings(string From, string To, IReadOnlyList<int> Cells, int CellsPerBatch, bool DryRun, string? Error = null);

    // Cells per batch: a write to a cell of the batch waits while the batch is copied, ~100 faces per cell at 100k faces.
    public const int DefaultCellsPerBatch = 16;

    public string[] HostArgs => hostArgs;

    /// <summary>The command from its arguments; what it does not know is left to configure the host.</summary>
    public static ReshardCommand Parse(IReadOnlyList<string> args)
    {
        var (values, rest, error) = (new Dictionary<string, string>(), new List<string>(), (string?)null);
        var dryRun = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--dry-run")
                dryRun = true;
            else if (args[i] is "--from" or "--to" or "--cells" or "--batch" && i + 1 < args.Count)
                values[args[i]] = args[++i];
            else
                rest.Add(args[i]);
        }
        IReadOnlyList<int> cells = [];
        try
        {
            cells = ShardMap.ParseCells(values.GetValueOrDefault("--cells", ""));
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }
        var batch = values.TryGetValue("--batch", out var text) ? int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1
            : DefaultCellsPerBatch;
        error ??= !values.ContainsKey("--from") || !values.ContainsKey("--to") || cells.Count == 0
            ? "it needs --from HOST:PORT --to HOST:PORT --cells RANGES (e.g. 256-511)."
            : batch < 1 ? "--batch takes a whole number of cells above 0." : null;
        return new ReshardCommand(new Settings(values.GetValueOrDefault("--from", ""), values.GetValueOrDefault("--to", ""), cells,
            batch, dryRun, error), [.. rest]);
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (settings.Error is not null)
        {
            await output.WriteLineAsync($"{Name}: {settings.Error}");
            return 2;
        }
        if (await MaintenanceRun.ShardsAsync(Name, "there are no cells to move", services, output) is not RedisFaceIndex index)
            return 2;
        var checkpoint = Checkpoint.For(services.GetRequiredService<IOptions<StorageOptions>>().Value, Name);
        var resharding = new Resharding(index, services.GetRequiredService<IOptions<RedisIndexOptions>>().Value);
        ReshardPlan plan;
        try
        {
            plan = await resharding.PlanAsync(settings.From, settings.To, settings.Cells);
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync($"{Name}: {e.Message}");
            return 2;
        }
        await output.WriteLineAsync($"{Name}: map version {plan.Map.Version}; {plan.CellsToMove.Count} cells to move from {plan.From} to " +
            $"{plan.To} ({ShardMap.Ranges(plan.CellsToMove)}), holding {plan.FacesToMove} faces; {plan.CellsMoved.Count} of the cells " +
            $"are there already{(checkpoint.Read() is { } last ? $" (the last run stopped after cell {last})" : "")}");
        if (settings.DryRun)
        {
            await output.WriteLineAsync($"{Name}: dry run: nothing moved");
            return 0;
        }
        try
        {
            var done = await resharding.MoveAsync(plan, settings.CellsPerBatch, async progress =>
            {
                checkpoint.Save(progress.LastCell);
                await output.WriteLineAsync($"{Name}: {progress.CellsMoved}/{progress.CellsToMove} cells, {progress.FacesMoved} faces moved " +
                    $"({progress.FacesMoved / Math.Max(progress.Elapsed.TotalSeconds, 1e-3):0} faces/s)");
            }, cancellationToken);
            checkpoint.Clear();
            var map = await index.MapAsync();
            await output.WriteLineAsync($"{Name}: done in {done.Elapsed.TotalSeconds:0.0} s: {done.CellsMoved} cells, {done.FacesMoved} faces; " +
                $"map version {map.Version}. Set Index:Shards to it:");
            for (var shard = 0; shard < map.Endpoints.Count; shard++)
                await output.WriteLineAsync($"  --Index:Shards:{shard}:Endpoint={map.Endpoints[shard]} " +
                    $"--Index:Shards:{shard}:Cells={ShardMap.Ranges(map.CellsOf(shard))}");
            return 0;
        }
        catch (Exception e)
        {
            var why = e is OperationCanceledException ? "interrupted" : $"failed ({e.GetType().Name}: {e.Message})";
            await output.WriteLineAsync($"{Name}: {why}; the cells moved so far stay moved, run it again to go on");
            return 1;
        }
    }
}
