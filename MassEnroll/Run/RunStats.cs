using System.Diagnostics;

namespace MassEnroll.Run;

/// <summary>A run's counts and rate, as the progress line and the summary show them (spec 8.5).</summary>
public sealed class RunStats(int total, int skipped)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _succeeded;
    private int _failed;

    public int Total => total;
    public int Skipped => skipped;
    public int Succeeded => _succeeded;
    public int Failed => _failed;
    public int Processed => Skipped + Succeeded + Failed;

    public void Count(bool succeeded) => Interlocked.Increment(ref succeeded ? ref _succeeded : ref _failed);

    /// <summary>Images sent per second since the run began.</summary>
    public double Rate => (Succeeded + Failed) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);

    /// <summary><c>[33/2055] faces processed (4 succeeded, 9 failed, 10 skipped). 2.14 rps. [00:00:17/00:16:04]</c>: elapsed, then
    /// the time left at this rate.</summary>
    public string Line()
    {
        var rate = Rate;
        var left = rate > 0 ? TimeSpan.FromSeconds((Total - Processed) / rate) : (TimeSpan?)null;
        return $"[{Processed}/{Total}] faces processed ({Succeeded} succeeded, {Failed} failed, {Skipped} skipped). " +
               $"{rate:F2} rps. [{Clock(_clock.Elapsed)}/{(left is { } eta ? Clock(eta) : "--:--:--")}]";
    }

    public IEnumerable<string> Summary()
    {
        yield return "----- Summary -----";
        yield return $"Found {Total} images in job file";
        yield return $"Skipped {Skipped} already processed images";
        yield return $"Successfully processed {Succeeded} images";
        yield return $"Failed to process {Failed} images";
        if (Processed < Total)
            yield return $"Stopped before {Total - Processed} images: run again to go on";
    }

    private static string Clock(TimeSpan time) => $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}";
}
