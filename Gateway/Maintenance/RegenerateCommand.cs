using Contracts.Index;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using Vision.Embedding;
using Workers.Index;
using Workers.Index.Warmup;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway regenerate [--gallery NAME] [--limit N] [--restart]</c>, FindFace's <c>findface-regenerate --regenerate=facens</c>:
/// makes the facen of every stored face again with the facen model now configured (Models:Facen, else the manifest's) from
/// its images in the uploads folder (<see cref="FaceReextraction"/>), stores it with the model's name and puts it into the
/// index shards. A face whose images are gone is reported and skipped. It keeps a checkpoint after each batch, per model,
/// so an interrupted run continues where it stopped.
/// </summary>
public sealed class RegenerateCommand(MaintenanceArguments arguments) : IGatewayCommand
{
    public const string Name = "regenerate";

    // Faces made together: the facen model batches faces that arrive together (Models:MaxBatch), and each batch is checkpointed.
    private const int BatchSize = 32;

    public string[] HostArgs => arguments.HostArgs;

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Error is not null)
        {
            await output.WriteLineAsync($"{Name}: {arguments.Error}");
            return 2;
        }
        var (faces, source, index) = (services.GetRequiredService<IFaceStore>(), services.GetRequiredService<IFacenSource>(),
            services.GetRequiredService<IFaceIndex>());
        var reextraction = ActivatorUtilities.CreateInstance<FaceReextraction>(services);
        var model = services.GetRequiredService<FacenModel>().Name;
        var checkpoint = Checkpoint.For(services.GetRequiredService<IOptions<StorageOptions>>().Value,
            arguments.CheckpointName($"{Name}-{model}"));
        var last = arguments.Restart ? 0 : checkpoint.Read() ?? 0;
        var total = await source.CountAsync(arguments.Gallery, afterId: 0, cancellationToken);
        var remaining = await source.CountAsync(arguments.Gallery, last, cancellationToken);
        await output.WriteLineAsync($"{Name}: facens by model {model}, " + (index.IsPersistent
            ? "put into the index shards as they are stored"
            : "loaded by the in-process index at the server's next start") +
            (last > 0 ? $"; resuming after face {last} ({total - remaining} of {total} faces done before)" : ""));

        var progress = new Progress(output, Name, total, total - remaining);
        var skipped = 0;
        try
        {
            while (progress.Done < arguments.Limit)
            {
                var page = await faces.ListAsync(arguments.Gallery == GalleryNames.Default ? null : arguments.Gallery, meta: null,
                    new FacePage(MaxId: null, MinId: last, Math.Min(BatchSize, arguments.Limit - progress.Done)), cancellationToken);
                if (page.Count == 0)
                    break;
                var batch = await Task.WhenAll(page.OrderBy(face => face.Id).Select(face => reextraction.ExtractAsync(face, cancellationToken)));
                foreach (var face in batch.Where(face => face.Skipped is not null))
                    await output.WriteLineAsync($"{Name}: face {face.Face.Id} skipped: {face.Skipped}");
                skipped += batch.Count(face => face.Skipped is not null);
                var made = batch.Where(face => face.Facen is not null).ToList();
                if (made.Count > 0)
                {
                    await faces.SetFacensAsync(made.ToDictionary(face => face.Face.Id, face => face.Facen!), model, cancellationToken);
                    if (index.IsPersistent)
                        await index.AddAsync([.. made.Select(face => new IndexedFacen(face.Face.Id, face.Facen!, face.Face.Galleries))],
                            cancellationToken);
                }
                last = batch[^1].Face.Id;
                checkpoint.Save(last);
                await progress.AddAsync(batch.Length);
            }
        }
        catch (Exception e)
        {
            await progress.StoppedAsync(e, last, checkpoint);
            return 1;
        }

        var left = await source.CountAsync(arguments.Gallery, last, cancellationToken);
        if (left == 0)
            checkpoint.Clear();
        await output.WriteLineAsync($"{Name}: {progress.Done - skipped} facens made by {model} in {progress.Elapsed.TotalSeconds:0.0} s " +
            $"({progress.FacesPerSecond:0.0} faces/s), {skipped} faces skipped (listed above), {total - left}/{total} of " +
            arguments.Scope + " done" +
            (left == 0 ? "" : $"; {left} left: run it again to continue"));
        return 0;
    }
}
