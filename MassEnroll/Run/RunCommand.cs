using System.Threading.Channels;
using MassEnroll.Jobs;

namespace MassEnroll.Run;

/// <summary>
/// <c>run</c> (spec 8.5): enrolls the job's pending images (and failed ones with <c>--failed</c>) with <c>--parallel</c> requests in
/// flight, recording each answer in the job file as it comes. The file is saved every <see cref="SaveInterval"/> and at the
/// end; a run stopped by Ctrl+C or killed continues with the next run, and an image whose answer was lost is sent again with
/// its idempotency key, which the server answers with the faces it stored the first time.
/// </summary>
public static class RunCommand
{
    /// <summary>At most this much of the run's answers is lost with a crash; they are asked again, and not enrolled again.</summary>
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string jobPath, RunOptions options, CancellationToken stop)
    {
        if (options.Parallel < 1)
            throw new UsageException($"--parallel must be 1 or more, not {options.Parallel}.");
        if (options.StatsInterval < 1)
            throw new UsageException($"--stats-interval must be 1 or more seconds, not {options.StatsInterval}.");
        var job = JobFile.Load(jobPath);
        using var client = EnrollClient.Create(options);
        await client.CheckServerAsync(stop);

        var images = job.Images.ToArray();
        var todo = Enumerable.Range(0, images.Length)
            .Where(i => images[i].State == ImageState.Pending || options.Failed && images[i].State == ImageState.Failed)
            .ToList();
        var stats = new RunStats(images.Length, images.Length - todo.Count);
        var gate = new Lock();
        var changed = false;

        var queue = Channel.CreateUnbounded<int>();
        foreach (var i in todo)
            queue.Writer.TryWrite(i);
        queue.Writer.Complete();

        async Task EnrollAllAsync()
        {
            await foreach (var i in queue.Reader.ReadAllAsync(stop))
            {
                var result = await client.EnrollAsync(images[i], stop);
                stats.Count(result.State == ImageState.Done);
                lock (gate)
                {
                    images[i] = result;
                    changed = true;
                }
            }
        }

        void SaveIfChanged()
        {
            JobFile snapshot;
            lock (gate)
            {
                if (!changed)
                    return;
                snapshot = new JobFile(images.ToArray());
                changed = false;
            }
            snapshot.Save(jobPath);
        }

        var enrolling = Task.WhenAll(Enumerable.Range(0, options.Parallel).Select(_ => Task.Run(EnrollAllAsync)));
        var progress = RunProgress.For(stats, TimeSpan.FromSeconds(options.StatsInterval));
        try
        {
            await progress.ShowAsync(enrolling, SaveIfChanged, SaveInterval);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            SaveIfChanged();
        }
        foreach (var line in stats.Summary())
            Console.WriteLine(line);
        return stats.Failed == 0 && stats.Processed == stats.Total ? ExitCodes.Done : ExitCodes.SomeFailed;
    }
}
