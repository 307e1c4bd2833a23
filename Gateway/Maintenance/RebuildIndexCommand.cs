using System.CommandLine;
using Workers.Index;
using Workers.Index.Warmup;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway rebuild-index [--gallery NAME] [--limit N] [--restart]</c>, FindFace's mongo2searchapi: copies the facens of the
/// metadata store into the Redis index shards (Index:Shards) straight through the index, as the server's warm-up fills the
/// exact index. Writes are idempotent (a face already there is replaced), so it may run against shards that hold some or all
/// faces already, and an interrupted run continues after its checkpoint.
/// </summary>
public sealed record RebuildIndexCommand(MaintenanceArguments Arguments) : IGatewayCommand
{
    public const string Name = "rebuild-index";

    public static Command Define(Action<IGatewayCommand> chosen) => MaintenanceArguments.Define(Name,
        "Copy the metadata store's facens into the Redis index shards (Index:Shards), FindFace's mongo2searchapi",
        arguments => new RebuildIndexCommand(arguments), chosen);

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (await MaintenanceRun.ShardsAsync(Name, "there is nothing to rebuild", services, output) is not { } index)
            return 2;
        if (await MaintenanceRun.StartAsync(Name, Arguments, Name, services, output, cancellationToken) is not { } run)
            return 2;
        try
        {
            await index.FillAsync(services.GetRequiredService<IFacenSource>(), Arguments.Gallery, run.LastFaceId, Arguments.Limit,
                batch => run.BatchDoneAsync(batch.Count, batch[^1].FaceId), cancellationToken);
        }
        catch (Exception e)
        {
            await run.StoppedAsync(e);
            return 1;
        }
        await output.WriteLineAsync($"{Name}: {run.Done} faces indexed in {run.Elapsed.TotalSeconds:0.0} s ({run.FacesPerSecond:0.0} faces/s), " +
            $"{await run.FinishAsync(cancellationToken)}; {await ShardCountAsync(index, cancellationToken)}");
        return 0;
    }

    // With nothing left to index a shard may be down without the run noticing: the count then says so rather than failing.
    private static async Task<string> ShardCountAsync(IFaceIndex index, CancellationToken cancellationToken)
    {
        try
        {
            return $"the shards hold {await index.CountAsync(cancellationToken)} faces";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"the shards could not be counted ({e.Message})";
        }
    }
}
