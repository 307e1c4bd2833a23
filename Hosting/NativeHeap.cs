using System.Runtime.InteropServices;

namespace Hosting;

/// <summary>
/// Bounds how much native memory glibc's allocator keeps after a burst. Decoded photos (SkiaSharp) and model runs (ONNX
/// Runtime) allocate megabytes outside the GC heap. By default glibc gives each contending thread its own arena (up to 8
/// per core) and raises its mmap threshold after each large free, so those buffers come from arenas that never shrink:
/// under 32 clients the gateway grew from 270 MB to 1.1 GB while its GC heap stayed near 140 MB (mixed-load, README).
/// </summary>
public static partial class NativeHeap
{
    // mallopt(3) parameters.
    private const int ArenaMax = -8;
    private const int MmapThreshold = -3;

    // Two arenas still let two threads allocate at once (this machine has two cores); the measured cost is in the README.
    private const int Arenas = 2;

    // Buffers from 1 MB up (a decoded 640x480 photo is 1.2 MB) are mapped on their own and returned to the system when
    // freed; a fixed threshold also turns off glibc's raising it.
    private const int LargeBuffer = 1 << 20;

    /// <summary>Applies the limits (each program's start, <see cref="ProgramStart"/>); a no-op off glibc (musl, macOS, Windows).</summary>
    public static void Configure()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            _ = Mallopt(ArenaMax, Arenas);
            _ = Mallopt(MmapThreshold, LargeBuffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: its allocator keeps its own defaults.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
