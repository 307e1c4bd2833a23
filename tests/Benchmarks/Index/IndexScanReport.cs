using System.Diagnostics;
using Benchmarks.Support;

namespace Benchmarks.Index;

/// <summary>The benchmarks of <see cref="IdentifyBenchmarks"/> and <see cref="ArenaCopyBenchmarks"/> for a shared, loaded machine
/// (<c>-- index-scan [faces...]</c>): each size's benchmarks run in turns, round after round, so that load that comes and goes
/// falls on all of them alike, and the report gives medians. BenchmarkDotNet runs each benchmark alone, minutes apart, and
/// its child-process build times out under heavy load.</summary>
public static class IndexScanReport
{
    public const string Mode = "index-scan";

    private const int Rounds = 15;
    private static readonly int[] DefaultSizes = [10_000, 100_000, 1_000_000];

    public static int Run(string[] args, TextWriter output)
    {
        var sizes = args.Length > 1 ? args.Skip(1).Select(int.Parse).ToArray() : DefaultSizes;
        output.WriteLine($"Exact index scan, medians of {Rounds} rounds, {Environment.ProcessorCount} threads, " +
                         $"load average {LoadAverage.Now()} at start; GB/s = facen bytes read per second (copy: bytes copied)");
        output.WriteLine($"{"faces",9} | {"benchmark",-55} | {"ms",9} | {"GB/s",6} | vs float32");
        foreach (var faces in sizes)
        {
            var identify = new IdentifyBenchmarks { Faces = faces };
            identify.Setup();
            var copy = new ArenaCopyBenchmarks { Faces = faces };
            copy.Setup();
            (string Name, Action Run, long Bytes)[] benchmarks =
            [
                ("before, float32 scan: 1 query", () => identify.Float32Identify(), faces * SyntheticFaces.Float32FacenBytes),
                ("before, float32 scan: 4 queries", () => identify.Float32IdentifyFour(), faces * SyntheticFaces.Float32FacenBytes),
                ("int8 + re-rank: 1 query", () => identify.Identify(), faces * SyntheticFaces.Int8ScanBytes),
                ("int8 + re-rank: another photo of an enrolled face", () => identify.IdentifyEnrolled(), faces * SyntheticFaces.Int8ScanBytes),
                ("int8 + re-rank: 4 queries", () => identify.IdentifyFour(), faces * SyntheticFaces.Int8ScanBytes),
                ("int8 + re-rank: 1 query, a tenth's gallery", () => identify.IdentifyInGallery(),
                    faces * SyntheticFaces.Int8ScanBytes / SyntheticFaces.GalleryShare),
                ("copy of the float32 facens' bytes, one thread per core", copy.CopyEveryCore, faces * SyntheticFaces.Float32FacenBytes),
            ];
            var times = benchmarks.Select(_ => new List<double>()).ToArray();
            foreach (var benchmark in benchmarks)
                benchmark.Run(); // warm-up: JIT and first touches
            for (var round = 0; round < Rounds; round++)
                for (var b = 0; b < benchmarks.Length; b++)
                {
                    var watch = Stopwatch.StartNew();
                    benchmarks[b].Run();
                    times[b].Add(watch.Elapsed.TotalMilliseconds);
                }
            var medians = times.Select(t => Percentile.OfUnsorted(t, 0.5)).ToArray();
            for (var b = 0; b < benchmarks.Length; b++)
                output.WriteLine($"{faces,9:N0} | {benchmarks[b].Name,-55} | {medians[b],9:F2} | {benchmarks[b].Bytes / medians[b] / 1e6,6:F1} | " +
                                 $"{medians[b < 2 ? b : b == 4 ? 1 : 0] / medians[b]:F2}x");
            identify.Cleanup();
            copy.Cleanup();
        }
        output.WriteLine($"load average {LoadAverage.Now()} at the end");
        return 0;
    }
}
