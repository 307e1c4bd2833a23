using System.Diagnostics;
using System.Runtime.InteropServices;
using Benchmarks.Index;
using Benchmarks.Support;
using Contracts.Images;
using Gateway.Storage;
using Gateway.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Benchmarks.Storage;

/// <summary>Every listing, count and statistic of the SQLite metadata store over a large store filled directly through the
/// store (<c>-- store-listing [faces] [data folder]</c>): p50 and p95 of each over varied pages, metas and persons. Faces come in
/// metas of <see cref="FacesPerMeta"/>, a tenth in one gallery, a quarter with a person; a data folder already holding the
/// faces is reused (filling 10M faces takes long).</summary>
public static class StoreListingReport
{
    public const string Mode = "store-listing";

    private const int DefaultFaces = 1_000_000;
    private const int FacesPerMeta = 5;
    private const int FacesPerPerson = 4;
    private const int GalleryShare = 10;
    private const int BatchSize = 10_000;
    private const int Calls = 60;
    private const int PageSize = 100;
    private const string Gallery = "staff";
    private const double TargetMs = 20;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var faces = args.Length > 1 ? int.Parse(args[1]) : DefaultFaces;
        var temporary = args.Length <= 2;
        var dataDir = temporary ? Directory.CreateTempSubdirectory("facepipe-store-listing-").FullName : args[2];
        // A 10M-face file takes ~30 GB: a run stopped by a signal deletes its temporary folder too, as finally would not.
        void DeleteTemporary()
        {
            if (temporary && Directory.Exists(dataDir))
                Directory.Delete(dataDir, recursive: true);
        }
        using var interrupted = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => DeleteTemporary());
        using var terminated = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => DeleteTemporary());
        try
        {
            var storage = new StorageOptions { DataDir = dataDir };
            var opening = Stopwatch.StartNew();
            var store = new SqliteFaceStore(new MetadataDatabase(Options.Create(storage)));
            // A file made by an older version is brought up to date here (its tables copied or moved in one transaction each).
            output.WriteLine($"Opened the store in {opening.Elapsed.TotalSeconds:F1} s, load average {LoadAverage.Now()}");
            await FillAsync(store, faces, output);
            output.WriteLine($"SQLite store of {faces:N0} faces ({faces / FacesPerMeta:N0} metas of {FacesPerMeta}, a tenth in " +
                             $"gallery {Gallery}), file {FileSize(storage.MetadataDatabase) / 1e9:F1} GB, pages of {PageSize}, " +
                             $"{Calls} calls each, load average {LoadAverage.Now()}:");
            var random = new Random(4);
            long Id() => random.NextInt64(1, faces + 1);
            string Meta() => MetaOf(Id());
            FacePage First() => new(null, null, PageSize);
            FacePage Below() => new(Id(), null, PageSize);
            FacePage Above() => new(null, Id(), PageSize);
            var none = CancellationToken.None;
            (string Name, Func<Task> Call)[] listings =
            [
                ("GET /faces (first page)", () => store.ListAsync(null, null, First(), none)),
                ("GET /faces?max_id=", () => store.ListAsync(null, null, Below(), none)),
                ("GET /faces?min_id= (a page back)", () => store.ListAsync(null, null, Above(), none)),
                ("GET /face/meta/<meta>", () => store.ListAsync(null, Meta(), First(), none)),
                ("GET /faces/gallery/<gallery>", () => store.ListAsync(Gallery, null, First(), none)),
                ("GET /faces/gallery/<gallery>?max_id=", () => store.ListAsync(Gallery, null, Below(), none)),
                ("GET /face/gallery/<gallery>/meta/<meta>", () => store.ListAsync(Gallery, Meta(), First(), none)),
                ("GET /meta (first page)", () => store.ListMetaAsync(null, First(), none)),
                ("GET /meta?max_id=", () => store.ListMetaAsync(null, Below(), none)),
                ("GET /meta/gallery/<gallery>", () => store.ListMetaAsync(Gallery, First(), none)),
                ("GET /persons", () => store.ListPersonsAsync(First(), none)),
                ("GET /persons?max_id=", () => store.ListPersonsAsync(new FacePage(Id() / FacesPerPerson, null, PageSize), none)),
                ("GET /person/id/<id>", () => store.GetPersonAsync(Id() / FacesPerPerson, none)),
                ("GET /face/id/<id>", () => store.GetAsync(Id(), none)),
                ("largest face id (new ids)", () => store.MaxIdAsync(none)),
                ("galleries", () => store.ListGalleriesAsync(none)),
            ];
            var met = true;
            output.WriteLine($"  {"call",-42} {"p50 ms",8} {"p95 ms",8}");
            foreach (var (name, call) in listings)
            {
                await call();
                var times = new List<double>();
                for (var i = 0; i < Calls; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await call();
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                var (p50, p95) = (Percentile.OfUnsorted(times, 0.5), Percentile.OfUnsorted(times, 0.95));
                met &= p95 < TargetMs;
                output.WriteLine($"  {name,-42} {p50,8:F2} {p95,8:F2}");
            }
            var counting = Stopwatch.StartNew();
            var counted = await store.CountAsync("default", 0, none);
            output.WriteLine($"  count of every face at start ({counted:N0}, the index's warm-up): {counting.Elapsed.TotalMilliseconds:F0} ms");
            output.WriteLine($"  resident memory of this process (the store's host): {Environment.WorkingSet / 1e6:F0} MB now, " +
                             $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB at most");
            output.WriteLine($"  target: every listing under {TargetMs} ms at p95: {(met ? "met" : "NOT met")}; load average {LoadAverage.Now()}");
            return met ? 0 : 1;
        }
        finally
        {
            DeleteTemporary();
        }
    }

    // With its write-ahead log, which holds the last commits until a checkpoint.
    private static long FileSize(string database) =>
        new[] { database, database + "-wal" }.Where(File.Exists).Sum(file => new FileInfo(file).Length);

    private static async Task FillAsync(SqliteFaceStore store, int faces, TextWriter output)
    {
        var stored = await store.MaxIdAsync(CancellationToken.None);
        if (stored >= faces)
            return;
        // Random facens, so that a gateway started on the store (README: start-up time) searches faces as they come.
        var random = new Random(SyntheticFaces.Seed);
        var watch = Stopwatch.StartNew();
        for (var from = stored + 1; from <= faces; from += BatchSize)
            await store.AddAsync([.. Enumerable.Range(0, (int)Math.Min(BatchSize, faces - from + 1))
                .Select(i => Face(from + i, SyntheticFaces.Facen(random)))], CancellationToken.None);
        output.WriteLine($"Filled {faces - stored:N0} faces in {watch.Elapsed.TotalSeconds:F0} s " +
                         $"({(faces - stored) / watch.Elapsed.TotalSeconds:F0} faces/s, load average {LoadAverage.Now()} at the end)");
    }

    private static FaceToStore Face(long id, float[] facen) =>
        new(new StoredFace(id, DateTime.UtcNow, $"2026/12/07/{id}.jpeg", "0123456789abcdef0123456789abcdef", null, null,
            new Box(10, 20, 110, 140), MetaOf(id), id % GalleryShare == 0 ? [Gallery] : [], null, null, null, PersonId: id / FacesPerPerson),
            facen, "fr_feature");

    private static string MetaOf(long id) => $"person {(id - 1) / FacesPerMeta}";
}
