using System.CommandLine;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using Workers.Index.Maintenance;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway reshard --from HOST:PORT --to HOST:PORT --cells RANGES [--batch N] [--dry-run]</c>: moves cells of the shard map from
/// one Redis shard to another (a new shard joins the map) while the cluster serves searches and enrollments
/// (<see cref="ShardMaintenance.ReshardAsync"/>): a batch of cells at a time, their faces copied, the map switched on every shard, the old copies
/// removed. The map stored on the shards is the checkpoint: run again after a stop, it goes on with the cells not moved yet. The
/// progress file <c>maintenance/reshard.checkpoint</c> keeps the last cell moved, for the operator.
/// </summary>
/// <remarks>Exit codes: 0 moved (or, with --dry-run, planned); 1 failed or interrupted (run it again); 2 bad arguments or no
/// shards. Afterwards set Index:Shards to the map it prints, so that a process started later begins from it (a stored map of a
/// higher version wins over the configured one meanwhile).</remarks>
public sealed class ReshardCommand(ReshardCommand.Settings settings) : IGatewayCommand
{
    public const string Name = "reshard";

    /// <summary>What the command line gives: the shards, the cells, cells per batch and whether to only plan.</summary>
    public sealed record Settings(string From, string To, IReadOnlyList<int> Cells, int CellsPerBatch, bool DryRun, string? Error = null);

    // Cells per batch: a write to a cell of the batch waits while the batch is copied, ~100 faces per cell at 100k faces.
    public const int DefaultCellsPerBatch = 16;

    public static Command Define(Action<IGatewayCommand> chosen)
    {
        var from = new Option<string>("--from") { Description = "The shard the cells leave (HOST:PORT, as in Index:Shards)" };
        var to = new Option<string>("--to") { Description = "The shard the cells go to (HOST:PORT)" };
        var cells = new Option<string>("--cells") { Description = "The cells to move, as ranges (e.g. 256-511)" };
        var batch = new Option<int>("--batch") { Description = "Cells copied at a time", DefaultValueFactory = _ => DefaultCellsPerBatch };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and move nothing" };
        var command = new Command(Name, "Move cells from one Redis index shard to another while the cluster serves") { from, to, cells, batch, dryRun };
        command.SetAction(parsed => chosen(new ReshardCommand(Read(parsed.GetValue(from), parsed.GetValue(to), parsed.GetValue(cells),
            parsed.GetValue(batch), parsed.GetValue(dryRun)))));
        return command;
    }

    // The arguments' own errors are the command's to report (exit 2), after the host is configured.
    private static Settings Read(string? from, string? to, string? cellRanges, int batch, bool dryRun)
    {
        IReadOnlyList<int> cells = [];
        string? error = null;
        try
        {
            cells = ShardMaintenance.ParseCells(cellRanges ?? "");
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }
        error ??= from is null || to is null || cells.Count == 0
            ? "it needs --from HOST:PORT --to HOST:PORT --cells RANGES (e.g. 256-511)."
            : batch < 1 ? "--batch takes a whole number of cells above 0." : null;
        return new Settings(from ?? "", to ?? "", cells, batch, dryRun, error);
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (settings.Error is not null)
        {
            await output.WriteLineAsync($"{Name}: {settings.Error}");
            return 2;
        }
        if (await MaintenanceRun.ShardsAsync(Name, "there are no cells to move", services, output) is not { } index
            || ShardMaintenance.Of(index) is not { } shards)
            return 2;
        var checkpoint = Checkpoint.For(services.GetRequiredService<IOptions<StorageOptions>>().Value, Name);
        ReshardPlan plan;
        try
        {
            plan = await shards.PlanReshardAsync(settings.From, settings.To, settings.Cells);
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync($"{Name}: {e.Message}");
            return 2;
        }
        await output.WriteLineAsync($"{Name}: map version {plan.MapVersion}; {plan.CellsToMove.Count} cells to move from {plan.From} to " +
            $"{plan.To} ({ShardMaintenance.Ranges(plan.CellsToMove)}), holding {plan.FacesToMove} faces; {plan.CellsMoved.Count} of the cells " +
            $"are there already{(checkpoint.Read() is { } last ? $" (the last run stopped after cell {last})" : "")}");
        if (settings.DryRun)
        {
            await output.WriteLineAsync($"{Name}: dry run: nothing moved");
            return 0;
        }
        try
        {
            var done = await shards.ReshardAsync(plan, settings.CellsPerBatch, async progress =>
            {
                checkpoint.Save(progress.LastCell);
                await output.WriteLineAsync($"{Name}: {progress.CellsMoved}/{progress.CellsToMove} cells, {progress.FacesMoved} faces moved " +
                    $"({progress.FacesMoved / Math.Max(progress.Elapsed.TotalSeconds, 1e-3):0} faces/s)");
            }, cancellationToken);
            checkpoint.Clear();
            var map = await shards.LayoutAsync();
            await output.WriteLineAsync($"{Name}: done in {done.Elapsed.TotalSeconds:0.0} s: {done.CellsMoved} cells, {done.FacesMoved} faces; " +
                $"map version {map.Version}. Set Index:Shards to it:");
            for (var shard = 0; shard < map.Shards.Count; shard++)
                await output.WriteLineAsync($"  --Index:Shards:{shard}:Endpoint={map.Shards[shard].Endpoint} " +
                    $"--Index:Shards:{shard}:Cells={map.Shards[shard].Cells}");
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
