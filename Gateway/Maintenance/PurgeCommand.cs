using Contracts.Index;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Gateway.Storage;
using Gateway.Uploads;
using Microsoft.Extensions.Options;
using Workers.Index;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway purge [--restart]</c>: removes what no stored face refers to, run on the data folder of a stopped server as
/// rebuild-index is. First the index shards' entries whose face the metadata store does not hold (left by a delete whose index
/// step failed, or added through the direct API of spec 8.7), then the files under uploads/ that no face names as its photo,
/// thumbnail or normalized face (left by enrollments that failed after saving them). Each part goes in order (face ids, day
/// folders) with a checkpoint after each batch, so that an interrupted purge continues where it stopped.
/// </summary>
public sealed record PurgeCommand(bool Restart) : IGatewayCommand
{
    public const string Name = "purge";

    private const int BatchSize = 1024;

    // A file this young may belong to an enrollment still being stored by a server that runs after all: it is left for the next purge.
    private static readonly TimeSpan FileGrace = TimeSpan.FromHours(1);

    /// <summary>It takes only --restart: it goes through every face and file.</summary>
    public static Command Define(Action<IGatewayCommand> chosen)
    {
        var restart = new Option<bool>("--restart") { Description = "Start from the first face and file, not from the checkpoints" };
        var command = new Command(Name, "Remove index entries and uploaded files that no stored face refers to") { restart };
        command.SetAction(parsed => chosen(new PurgeCommand(parsed.GetValue(restart))));
        return command;
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var (store, index) = (services.GetRequiredService<IFaceStore>(), services.GetRequiredService<IFaceIndex>());
        var clock = Stopwatch.StartNew();
        var step = "index";
        var (indexCheckpoint, filesCheckpoint) = (Checkpoint.For(storage, $"{Name}-index"), Checkpoint.For(storage, $"{Name}-files"));
        if (Restart)
        {
            indexCheckpoint.Clear();
            filesCheckpoint.Clear();
        }
        try
        {
            var (checkedFaces, removedFaces) = index.IsPersistent
                ? await PurgeIndexAsync(store, index, indexCheckpoint, output, cancellationToken)
                : (0, 0);
            if (!index.IsPersistent)
                await output.WriteLineAsync($"{Name}: index: no shards configured (Index:Shards); the in-process index is filled from the store at every start");
            step = "files";
            var (checkedFiles, removedFiles) = await PurgeFilesAsync(store, services.GetRequiredService<UploadStore>(), filesCheckpoint, output,
                cancellationToken);
            indexCheckpoint.Clear();
            filesCheckpoint.Clear();
            await output.WriteLineAsync($"{Name}: done in {clock.Elapsed.TotalSeconds:0.0} s: {removedFaces} of {checkedFaces} index entries " +
                $"and {removedFiles} of {checkedFiles} files referred to by no stored face removed");
            return 0;
        }
        catch (Exception e)
        {
            var why = e is OperationCanceledException ? "interrupted" : $"failed ({e.GetType().Name}: {e.Message})";
            await output.WriteLineAsync($"{Name}: {why} during the {step}; run it again to continue after its checkpoints " +
                $"({indexCheckpoint.Path}, {filesCheckpoint.Path})");
            return 1;
        }
    }

    private static async Task<(int Checked, int Removed)> PurgeIndexAsync(IFaceStore store, IFaceIndex index, Checkpoint checkpoint,
        TextWriter output, CancellationToken cancellationToken)
    {
        var (after, done, removed) = (checkpoint.Read() ?? 0, 0, 0);
        if (after > 0)
            await output.WriteLineAsync($"{Name}: index: resuming after face {after}");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = await index.ListIdsAsync(GalleryNames.Default, after + 1, BatchSize, cancellationToken);
            if (ids.Count == 0)
                return (done, removed);
            var stored = await store.GetManyAsync(ids, cancellationToken);
            var orphans = ids.Where(id => !stored.ContainsKey(id)).ToList();
            if (orphans.Count > 0)
                removed += await index.RemoveAsync(orphans, cancellationToken);
            (after, done) = (ids[^1], done + ids.Count);
            checkpoint.Save(after);
            await output.WriteLineAsync($"{Name}: index: {done} faces checked, {removed} removed");
        }
    }

    private static async Task<(int Checked, int Removed)> PurgeFilesAsync(IFaceStore store, UploadStore uploads, Checkpoint checkpoint,
        TextWriter output, CancellationToken cancellationToken)
    {
        var (after, done, removed) = (checkpoint.Read() ?? 0, 0, 0);
        if (after > 0)
            await output.WriteLineAsync($"{Name}: files: resuming after folder {after}");
        var folders = Directory.Exists(uploads.Root)
            ? Directory.EnumerateDirectories(uploads.Root)
                .Select(folder => (Folder: folder, Day: long.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var day) ? day : -1))
                .Where(folder => folder.Day < 0 || folder.Day > after).OrderBy(folder => folder.Day < 0).ThenBy(folder => folder.Day).ToList()
            : [];
        var youngest = DateTime.UtcNow - FileGrace;
        foreach (var (folder, day) in folders)
        {
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(file => File.GetLastWriteTimeUtc(file) < youngest)
                .Select(file => Path.GetRelativePath(uploads.Root, file).Replace(Path.DirectorySeparatorChar, '/')).ToList();
            foreach (var batch in files.Chunk(BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var inUse = await store.FilesInUseAsync(batch, cancellationToken);
                foreach (var orphan in batch.Where(file => !inUse.Contains(file)))
                {
                    uploads.Delete(orphan);
                    removed++;
                }
                done += batch.Length;
            }
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
                Directory.Delete(folder);
            // Folders not named by a day (none of the store's) are gone through at every run, after the days.
            if (day >= 0)
                checkpoint.Save(day);
            await output.WriteLineAsync($"{Name}: files: {Path.GetFileName(folder)} done, {done} files checked, {removed} removed");
        }
        return (done, removed);
    }
}
