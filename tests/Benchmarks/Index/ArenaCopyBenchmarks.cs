using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Benchmarks.Index;

/// <summary>The memory-bandwidth reference for <see cref="IdentifyBenchmarks"/>: a plain copy of as many bytes as the facens of
/// a million faces, on one thread and split over every core. GB/s counts the bytes copied (each is read and written once).</summary>
[Config(typeof(ScanRateConfig))]
public unsafe class ArenaCopyBenchmarks
{
    private byte* _from;
    private byte* _to;

    [Params(1_000_000)]
    public int Faces { get; set; }

    private long Bytes => Faces * SyntheticFaces.Float32FacenBytes;

    [GlobalSetup]
    public void Setup()
    {
        _from = (byte*)NativeMemory.AlignedAlloc((nuint)Bytes, 64);
        _to = (byte*)NativeMemory.AlignedAlloc((nuint)Bytes, 64);
        // Touch every page of both first, so that page faults are not timed.
        for (var at = 0L; at < Bytes; at += Environment.SystemPageSize)
            _from[at] = 1;
        Copy(0, Bytes);
    }

    [Benchmark(Description = "copy: one thread"), BenchmarkCategory(ScanRateColumn.AllRows, ScanRateColumn.Float32)]
    public void CopyOneThread() => Copy(0, Bytes);

    [Benchmark(Description = "copy: one thread per core"), BenchmarkCategory(ScanRateColumn.AllRows, ScanRateColumn.Float32)]
    public void CopyEveryCore()
    {
        var parts = Environment.ProcessorCount;
        Parallel.For(0, parts, part => Copy(Bytes * part / parts, Bytes * (part + 1) / parts));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_from);
        NativeMemory.AlignedFree(_to);
    }

    private void Copy(long from, long to) => Buffer.MemoryCopy(_from + from, _to + from, to - from, to - from);

    private sealed class ScanRateConfig : ManualConfig
    {
        public ScanRateConfig() => AddColumn(new ScanRateColumn());
    }
}
