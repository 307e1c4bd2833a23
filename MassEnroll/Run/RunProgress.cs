using Spectre.Console;

namespace MassEnroll.Run;

/// <summary>The run's progress: a bar with the progress line on a terminal, the plain line every stats interval otherwise (a log, a
/// pipe). Either also saves the job file on its own interval while the run goes on.</summary>
public abstract class RunProgress(RunStats stats, TimeSpan statsInterval)
{
    protected RunStats Stats => stats;
    protected TimeSpan StatsInterval => statsInterval;

    public static RunProgress For(RunStats stats, TimeSpan statsInterval) =>
        Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive
            ? new Lines(stats, statsInterval)
            : new Bar(stats, statsInterval);

    /// <summary>Shows progress until <paramref name="run"/> ends, calling <paramref name="save"/> every <paramref name="saveInterval"/>.</summary>
    public abstract Task ShowAsync(Task run, Action save, TimeSpan saveInterval);

    // Ticks at the shorter of the two intervals until the run ends, and calls each action when its interval has passed.
    protected static async Task TickAsync(Task run, TimeSpan showInterval, Action show, TimeSpan saveInterval, Action save)
    {
        var tick = showInterval < saveInterval ? showInterval : saveInterval;
        using var timer = new PeriodicTimer(tick);
        var sinceShow = TimeSpan.Zero;
        var sinceSave = TimeSpan.Zero;
        while (await Task.WhenAny(run, timer.WaitForNextTickAsync().AsTask()) != run)
        {
            sinceShow += tick;
            sinceSave += tick;
            if (sinceSave >= saveInterval)
            {
                save();
                sinceSave = TimeSpan.Zero;
            }
            if (sinceShow >= showInterval)
            {
                show();
                sinceShow = TimeSpan.Zero;
            }
        }
        await run;
    }

    private sealed class Lines(RunStats stats, TimeSpan statsInterval) : RunProgress(stats, statsInterval)
    {
        public override async Task ShowAsync(Task run, Action save, TimeSpan saveInterval)
        {
            try
            {
                await TickAsync(run, StatsInterval, () => Console.WriteLine(Stats.Line()), saveInterval, save);
            }
            finally
            {
                Console.WriteLine(Stats.Line());
            }
        }
    }

    private sealed class Bar(RunStats stats, TimeSpan statsInterval) : RunProgress(stats, statsInterval)
    {
        public override Task ShowAsync(Task run, Action save, TimeSpan saveInterval) =>
            AnsiConsole.Progress()
                .Columns(new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(Stats.Line()), maxValue: Stats.Total);
                    void Show()
                    {
                        task.Value = Stats.Processed;
                        task.Description = Markup.Escape(Stats.Line());
                    }
                    try
                    {
                        await TickAsync(run, StatsInterval, Show, saveInterval, save);
                    }
                    finally
                    {
                        Show();
                    }
                });
    }
}
