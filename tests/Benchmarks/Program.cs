using BenchmarkDotNet.Running;
using Benchmarks.Breakdown;
using Benchmarks.Index;
using Benchmarks.Load;
using Benchmarks.MassEnroll;
using Benchmarks.Memory;
using Benchmarks.Storage;
using Benchmarks.Video;
using Benchmarks.WebUi;

namespace Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Memory and load are measured on one warm app, not by BenchmarkDotNet, which times repeated calls in child processes.
        if (args is [MemoryReport.Mode])
            return await MemoryReport.RunAsync(Console.Out);
        if (args is [IndexMemoryReport.Mode])
            return IndexMemoryReport.Run(Console.Out);
        if (args is [StoreListingReport.Mode, ..])
            return await StoreListingReport.RunAsync(args, Console.Out);
        if (args is [GatewayStartReport.Mode, ..])
            return await GatewayStartReport.RunAsync(args, Console.Out);
        if (args is [IndexScanReport.Mode, ..])
            return IndexScanReport.Run(args, Console.Out);
        if (args is [RedisIndexReport.Mode, ..])
            return await RedisIndexReport.RunAsync(args, Console.Out);
        if (args is [CheckIndexReport.Mode, ..])
            return await CheckIndexReport.RunAsync(args, Console.Out);
        if (args is [BreakdownReport.Mode, ..])
            return await BreakdownReport.RunAsync(args, Console.Out);
        if (args is [ClusterLoadReport.Mode])
            return await ClusterLoadReport.RunAsync(Console.Out);
        if (args is [MixedLoadReport.Mode, ..])
            return await MixedLoadReport.RunAsync(args, Console.Out);
        if (args is [LoadReport.Mode])
            return await LoadReport.RunAsync(Console.Out);
        if (args is [EnrollCostReport.Mode, ..])
            return await EnrollCostReport.RunAsync(args, Console.Out);
        if (args is [MassEnrollReport.Mode, ..])
            return await MassEnrollReport.RunAsync(args, Console.Out);
        if (args is [VideoLatencyReport.Mode, .. var videoOptions])
            return await VideoLatencyReport.RunAsync(videoOptions, Console.Out);
        if (args is [FacesPageReport.Mode, ..])
            return await FacesPageReport.RunAsync(args, Console.Out);
        if (args is [VideoStreamsReport.Mode, .. var streamsOptions])
            return await VideoStreamsReport.RunAsync(streamsOptions, Console.Out);

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, QuickConfig.For(args));
        return 0;
    }
}
