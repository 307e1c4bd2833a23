using Contracts.Index;
using System.Diagnostics;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using Workers.Index;
using Workers.Index.Warmup;

namespace Gateway.Maintenance;

/// <summary>One run of rebuild-index or regenerate over the faces of its scope, in ascending id order: it starts after its
/// checkpoint (unless --restart), prints its progress (done/total, faces/s) and saves the checkpoint after each batch, and
/// removes the checkpoint once the scope is done.</summary>
public sealed class MaintenanceRun
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _command;
    private readonly MaintenanceArguments _arguments;
    private readonly Checkpoint _checkpoint;
    private readonly IFacenSource _faces;
    private readonly TextWriter _output;
    private readonly int _total;
    private readonly int _doneBefore;

    private MaintenanceRun(string command, MaintenanceArguments arguments, Checkpoint checkpoint, IFacenSource faces, TextWriter output,
        long after, int total, int doneBefore)
    {
        (_command, _arguments, _checkpoint, _faces, _output) = (command, arguments, checkpoint, faces, output);
        (LastFaceId, _total, _doneBefore) = (after, total, doneBefore);
    }

    /// <summary>The last face id done: the run goes on after it.</summary>
    public long LastFaceId { get; private set; }

    /// <summary>Faces this run went through.</summary>
    public int Done { get; private set; }

    /// <summary>Faces the run may still go through (--limit).</summary>
    public int Allowed => _arguments.Limit - Done;

    public TimeSpan Elapsed => _clock.Elapsed;

    public double FacesPerSecond => Done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);

    /// <summary>The Redis index shards a command works on, or null (said on <paramref name="output"/>) when none are configured.</summary>
    /// <param name="nothingToDo">Why the in-process index needs no such command, after "so".</param>
    public static async Task<IFaceIndex?> ShardsAsync(string command, string nothingToDo, IServiceProvider services, TextWriter output)
    {
        var index = services.GetRequiredService<IFaceIndex>();
        if (index.IsPersistent)
            return index;
        await output.WriteLineAsync($"{command}: no index shards are configured (Index:Shards); the in-process index is filled " +
            $"from the metadata store at every start, so {nothingToDo}.");
        return null;
    }

    /// <summary>The run, or null (said on <paramref name="output"/>) when its arguments are unusable.</summary>
    /// <param name="checkpointName">The checkpoint of the command's runs with the same settings (its scope is added).</param>
    public static async Task<MaintenanceRun?> StartAsync(string command, MaintenanceArguments arguments, string checkpointName,
        IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Gallery != GalleryNames.Default
            && !await services.GetRequiredService<IFaceStore>().GalleryExistsAsync(arguments.Gallery, cancellationToken))
        {
            await output.WriteLineAsync($"{command}: there is no gallery {arguments.Gallery}.");
            return null;
        }
        var faces = services.GetRequiredService<IFacenSource>();
        var checkpoint = Checkpoint.For(services.GetRequiredService<IOptions<StorageOptions>>().Value, arguments.CheckpointName(checkpointName));
        var after = arguments.Restart ? 0 : checkpoint.Read() ?? 0;
        var total = await faces.CountAsync(arguments.Gallery, afterId: 0, cancellationToken);
        var doneBefore = total - await faces.CountAsync(arguments.Gallery, after, cancellationToken);
        if (after > 0)
            await output.WriteLineAsync($"{command}: resuming after face {after} ({doneBefore} of {total} faces done before)");
        return new MaintenanceRun(command, arguments, checkpoint, faces, output, after, total, doneBefore);
    }

    /// <summary>Saves the checkpoint after a batch whose last face is <paramref name="lastFaceId"/>, and says how far the run is.</summary>
    public async Task BatchDoneAsync(int faces, long lastFaceId)
    {
        _checkpoint.Save(lastFaceId);
        (LastFaceId, Done) = (lastFaceId, Done + faces);
        await _output.WriteLineAsync($"{_command}: {_doneBefore + Done}/{_total} faces, {FacesPerSecond:0.0} faces/s");
    }

    /// <summary>Says why the run stopped before the end and where the next one continues.</summary>
    public async Task StoppedAsync(Exception e)
    {
        var why = e is OperationCanceledException ? "interrupted" : $"failed ({e.GetType().Name}: {e.Message})";
        await _output.WriteLineAsync($"{_command}: {why} after {Done} faces; run it again to continue after face {LastFaceId} " +
            $"(checkpoint {_checkpoint.Path})");
    }

    /// <summary>How far the scope is done, for the summary; the checkpoint goes once nothing is left.</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        var left = await _faces.CountAsync(_arguments.Gallery, LastFaceId, cancellationToken);
        if (left == 0)
            _checkpoint.Clear();
        return $"{_total - left}/{_total} of {_arguments.Scope} done" + (left == 0 ? "" : $"; {left} left: run it again to continue");
    }
}
