using Gateway.Storage;
using Microsoft.Extensions.Options;
using Workers.Index;
using Workers.Index.Warmup;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway rebuild-index [--gallery NAME] [--limit N] [--restart]</c>, FindFace's mongo2searchapi: copies the facens of the
/// metadata store into the Redis index shards (Index:Shards) straight through the index, as the server's warm-up fills the
/// exact index. Writes are idempotent (a face already there is replaced), so it may run against shards that hold some or all
/// faces already; it keeps a checkpoint after each batch, so an interrupted run continues where it stopped.
/// </summary>
public sealed class RebuildIndexCommand(MaintenanceArguments arguments) : IGatewayCommand
{
    public const string Name = "rebuild-index";

    public string[] HostArgs => arguments.HostArgs;

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Error is not null)
        {
            await output.WriteLineAsync($"{Name}: {arguments.Error}");
            return 2;
        }
        var index = services.GetRequiredService<IFaceIndex>();
        if (!index.IsPersistent)
        {
            await output.WriteLineAsync($"{Name}: no index shards are configured (Index:Shards); the in-process index is filled " +
                "from the metadata store at every start, so there is nothing to rebuild.");
            return 2;
        }
        var source = services.GetRequiredService<IFacenSource>();
        var checkpoint = Checkpoint.For(services.GetRequiredService<IOptions<StorageOptions>>().Value, arguments.CheckpointName(Name));
        var last = arguments.Restart ? 0 : checkpoint.Read() ?? 0;
        var total = await source.CountAsync(arguments.Gallery, afterId: 0, cancellationToken);
        var remaining = await source.CountAsync(arguments.Gallery, last, cancellationToken);
        if (last > 0)
            await output.WriteLineAsync($"{Name}: resuming after face {last} ({total - remaining} of {total} faces done before)");
        var progress = new Progress(output, Name, total, total - remaining);
        try
        {
            await index.FillAsync(source, arguments.Gallery, last, arguments.Limit, async batch =>
            {
                last = batch[^1].FaceId;
                checkpoint.Save(last);
                await progress.AddAsync(batch.Count);
            }, cancellationToken);
        }
        catch (Exception e)
        {
            await progress.StoppedAsync(e, last, checkpoint);
            return 1;
        }

        var left = await source.CountAsync(arguments.Gallery, last, cancellationToken);
        if (left == 0)
            checkpoint.Clear();
        await output.WriteLineAsync($"{Name}: {progress.Done} faces indexed in {progress.Elapsed.TotalSeconds:0.0} s " +
            $"({progress.FacesPerSecond:0.0} faces/s), {total - left}/{total} of {arguments.Scope} done" +
            (left == 0 ? "" : $"; {left} left: run it again to continue") +
            $"; the shards hold {await index.CountAsync(cancellationToken)} faces");
        return 0;
    }
}
