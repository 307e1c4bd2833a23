using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace Benchmarks;

/// <summary>The suite's settings: times in milliseconds, and a short default job (one launch, 3 warmups, 8 iterations)
/// so that the whole suite runs in under ten minutes on a 2-core machine.</summary>
public static class QuickConfig
{
    public static IConfig For(string[] args)
    {
        var config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Millisecond));
        // A default job in the config wins over --job, so it is left out when one is named; options such as
        // --iterationCount still apply on top of it.
        return args.Any(arg => arg is "--job" or "-j")
            ? config
            : config.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithId("Quick").AsDefault());
    }
}
