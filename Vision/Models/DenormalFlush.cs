using System.Runtime.InteropServices;

namespace Vision.Models;

/// <summary>
/// Makes the calling thread flush denormal floats to zero (MXCSR's FTZ and DAZ bits), as ONNX Runtime's
/// session.set_denormal_as_zero does only for the threads it starts and the one that creates the session. Inference
/// also runs on the thread that calls it, a pool thread here, where facen ran about five times slower without this.
/// </summary>
public static partial class DenormalFlush
{
    // glibc's x86-64 fenv_t is 32 bytes with the SSE control/status register (MXCSR) as its last 4.
    private const int EnvironmentSize = 32;
    private const int MxcsrOffset = 28;
    private const uint FlushToZero = 1 << 15;
    private const uint DenormalsAreZero = 1 << 6;

    private static readonly bool Supported = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [ThreadStatic]
    private static bool _flushing;

    public static unsafe void OnThisThread()
    {
        if (_flushing || !Supported)
            return;
        var environment = stackalloc byte[EnvironmentSize];
        if (GetEnvironment(environment) == 0)
        {
            *(uint*)(environment + MxcsrOffset) |= FlushToZero | DenormalsAreZero;
            SetEnvironment(environment);
        }
        _flushing = true;
    }

    [LibraryImport("libm.so.6", EntryPoint = "fegetenv")]
    private static unsafe partial int GetEnvironment(byte* environment);

    [LibraryImport("libm.so.6", EntryPoint = "fesetenv")]
    private static unsafe partial int SetEnvironment(byte* environment);
}
