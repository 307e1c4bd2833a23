using System.Diagnostics;
using Benchmarks.Memory;
using Benchmarks.Support;
using Contracts.Index;
using Workers.Index;

namespace Benchmarks.Index;

/// <summary>What a million enrolled faces cost the exact index (<c>-- index-memory</c>): resident set (anonymous and file pages)
/// and managed heap before and after, per face, the fill rate, and what re-ranking from the float32 file costs: searches with
/// n = 10 and n = 1000 (which re-ranks at least 1000 candidates) against each other. Exits with 1 above 700 bytes per face.</summary>
public static class IndexMemoryReport
{
    public const string Mode = "index-memory";

    private const int Faces = 1_000_000;
    private const double TargetBytesPerFace = 700;
    private const int Searches = 41;
    private const int ManyCandidates = 1_000;

    public static int Run(TextWriter output)
    {
        var (resident, anonymous, managed) = (MemoryReport.StatusBytes("VmRSS"), MemoryReport.StatusBytes("RssAnon"),
            GC.GetTotalMemory(forceFullCollection: true));
        var filling = Stopwatch.StartNew();
        using var index = SyntheticFaces.Build(Faces);
        filling.Stop();
        var managedDelta = GC.GetTotalMemory(forceFullCollection: true) - managed;
        var residentDelta = MemoryReport.StatusBytes("VmRSS") - resident;
        var anonymousDelta = MemoryReport.StatusBytes("RssAnon") - anonymous;

        var perFace = (double)residentDelta / Faces;
        output.WriteLine($"Exact index of {Faces:N0} faces of {SyntheticFaces.Dimension}-d (a tenth also in one named gallery), " +
                         $"load average {LoadAverage.Now()}:");
        output.WriteLine($"  int8 scan reads          {SyntheticFaces.Int8ScanBytes,8} bytes per face; float32 facens on disk " +
                         $"{SyntheticFaces.Float32FacenBytes} bytes per face (unlinked file, page cache)");
        output.WriteLine($"  managed heap delta       {(double)managedDelta / Faces,8:F1} bytes per face");
        output.WriteLine($"  resident (VmRSS) delta   {perFace,8:F1} bytes per face (anonymous {(double)anonymousDelta / Faces:F1}: " +
                         "native int8 facens + managed + runtime)");
        output.WriteLine($"  fill                     {Faces / filling.Elapsed.TotalSeconds,8:N0} faces/s (quantise, write the float32 file)");

        var random = new Random(3);
        var queries = Enumerable.Range(0, Searches).Select(_ => SyntheticFaces.Facen(random)).ToArray();
        var (few, many) = (Median(index, queries, 10), Median(index, queries, ManyCandidates));
        output.WriteLine($"  search, 1 query          {few,8:F1} ms at n=10, {many:F1} ms at n={ManyCandidates}: " +
                         $"{(many - few) * 1000 / ManyCandidates:F1} us per re-ranked candidate read from the file");
        var met = perFace <= TargetBytesPerFace;
        output.WriteLine($"  target: at most {TargetBytesPerFace:F0} bytes per face: {(met ? "met" : "NOT met")}");
        return met ? 0 : 1;
    }

    private static double Median(IFaceIndex index, float[][] queries, int n) => Percentile.OfUnsorted(queries.Select(query =>
    {
        var watch = Stopwatch.StartNew();
        index.SearchAsync([query], GalleryNames.Default, n, -1).AsTask().GetAwaiter().GetResult();
        return watch.Elapsed.TotalMilliseconds;
    }), 0.5);
}
