using System.CommandLine;
using Contracts.Index;
using Gateway.Storage;
using Vision.Embedding;
using Workers.Index;

namespace Gateway.Maintenance;

/// <summary>
/// <c>Gateway regenerate [--gallery NAME] [--limit N] [--restart]</c>, FindFace's <c>findface-regenerate --regenerate=facens</c>:
/// makes the facen of every stored face again with the facen model now configured (Models:Facen, else the manifest's) from
/// its images in the uploads folder (<see cref="FaceReextraction"/>), stores it with the model's name and puts it into the
/// index shards. A face whose images are gone is reported and skipped. An interrupted run continues after its checkpoint,
/// kept per model.
/// </summary>
public sealed record RegenerateCommand(MaintenanceArguments Arguments) : IGatewayCommand
{
    public const string Name = "regenerate";

    // Faces made together: the facen model batches faces that arrive together (Models:MaxBatch), and each batch is checkpointed.
    private const int BatchSize = 32;

    public static Command Define(Action<IGatewayCommand> chosen) => MaintenanceArguments.Define(Name,
        "Make every stored face's facen again with the configured facen model (findface-regenerate --regenerate=facens)",
        arguments => new RegenerateCommand(arguments), chosen);

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var (faces, index) = (services.GetRequiredService<IFaceStore>(), services.GetRequiredService<IFaceIndex>());
        var reextraction = ActivatorUtilities.CreateInstance<FaceReextraction>(services);
        var model = services.GetRequiredService<FacenModel>().Name;
        if (await MaintenanceRun.StartAsync(Name, Arguments, $"{Name}-{model}", services, output, cancellationToken) is not { } run)
            return 2;
        await output.WriteLineAsync($"{Name}: facens by model {model}, " + (index.IsPersistent
            ? "put into the index shards as they are stored"
            : "loaded by the in-process index at the server's next start"));
        var skipped = 0;
        try
        {
            while (run.Allowed > 0)
            {
                var page = await faces.ListAsync(Arguments.Gallery == GalleryNames.Default ? null : Arguments.Gallery, meta: null,
                    new FacePage(MaxId: null, MinId: run.LastFaceId, Math.Min(BatchSize, run.Allowed)), cancellationToken);
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
                        await index.AddAsync([.. made.Select(face => new IndexedFacen(face.Face.Id, face.Facen!, face.Face.IndexSpaces))],
                            cancellationToken);
                }
                await run.BatchDoneAsync(batch.Length, batch[^1].Face.Id);
            }
        }
        catch (Exception e)
        {
            await run.StoppedAsync(e);
            return 1;
        }
        await output.WriteLineAsync($"{Name}: {run.Done - skipped} facens made by {model} in {run.Elapsed.TotalSeconds:0.0} s " +
            $"({run.FacesPerSecond:0.0} faces/s), {skipped} faces skipped{(skipped > 0 ? " (listed above)" : "")}, " +
            await run.FinishAsync(cancellationToken));
        return 0;
    }
}
