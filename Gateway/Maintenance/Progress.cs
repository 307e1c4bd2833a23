using System.Diagnostics;

namespace Gateway.Maintenance;

/// <summary>A maintenance run's progress on its output: faces done of those in scope (earlier runs' included), and this run's rate.</summary>
public sealed class Progress(TextWriter output, string run, int total, int doneBefore)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Faces this run went through.</summary>
    public int Done { get; private set; }

    public double FacesPerSecond => Done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);

    public TimeSpan Elapsed => _clock.Elapsed;

    public async Task AddAsync(int faces)
    {
        Done += faces;
        await output.WriteLineAsync($"{run}: {doneBefore + Done}/{total} faces, {FacesPerSecond:0.0} faces/s");
    }

    /// <summary>Says why the run stopped before the end and where the next one continues.</summary>
    public async Task StoppedAsync(Exception e, long lastFaceId, Checkpoint checkpoint)
    {
        var why = e is OperationCanceledException ? "interrupted" : $"failed ({e.GetType().Name}: {e.Message})";
        await output.WriteLineAsync($"{run}: {why} after {Done} faces; run it again to continue after face {lastFaceId} " +
            $"(checkpoint {checkpoint.Path})");
    }
}
