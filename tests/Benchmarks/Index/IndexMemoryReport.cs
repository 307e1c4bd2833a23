using Benchmarks.Memory;

namespace Benchmarks.Index;

/// <summary>What a million enrolled faces cost the exact index (<c>-- index-memory</c>): resident set and managed heap before
/// and after, per face. Exits with 1 above the target of 2.5 KB per face.</summary>
public static class IndexMemoryReport
{
    public const string Mode = "index-memory";

    private const int Faces = 1_000_000;
    private const double TargetBytesPerFace = 2_500;

    public static int Run(TextWriter output)
    {
        var (resident, managed) = (MemoryReport.StatusBytes("VmRSS"), GC.GetTotalMemory(forceFullCollection: true));
        using var index = SyntheticFaces.Build(Faces);
        var managedDelta = GC.GetTotalMemory(forceFullCollection: true) - managed;
        var residentDelta = MemoryReport.StatusBytes("VmRSS") - resident;
        GC.KeepAlive(index);

        var perFace = (double)residentDelta / Faces;
        output.WriteLine($"Exact index of {Faces:N0} faces of {SyntheticFaces.Dimension}-d (a tenth also in one named gallery):");
        output.WriteLine($"  facens alone             {SyntheticFaces.FacenBytes,8} bytes per face");
        output.WriteLine($"  managed heap delta       {(double)managedDelta / Faces,8:F1} bytes per face");
        output.WriteLine($"  resident (VmRSS) delta   {perFace,8:F1} bytes per face (native facens + managed + runtime)");
        var met = perFace <= TargetBytesPerFace;
        output.WriteLine($"  target: at most {TargetBytesPerFace:F0} bytes per face: {(met ? "met" : "NOT met")}");
        return met ? 0 : 1;
    }
}
