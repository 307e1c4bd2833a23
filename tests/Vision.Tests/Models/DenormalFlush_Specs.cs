using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vision.Models;

namespace Vision.Tests.Models;

public sealed partial class DenormalFlush_Specs
{
    [Fact]
    public void Should_make_the_calling_thread_treat_denormal_floats_as_zero()
    {
        // A thread of its own, as the flag stays with a thread; a new thread inherits its creator's flags (other specs may
        // have set them on the runner's threads), so it starts by clearing them.
        float before = 0, after = 0;
        var thread = new Thread(() =>
        {
            ClearFlushFlags();
            before = Halve(Denormal());
            DenormalFlush.OnThisThread();
            after = Halve(Denormal());
        });
        thread.Start();
        thread.Join();

        Assert.True(float.IsSubnormal(before), $"{before} without the flush");
        Assert.Equal(0f, after);
    }

    // Not inlined, so that the JIT cannot fold the arithmetic at compile time.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Denormal() => 1e-39f;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Halve(float value) => value * 0.5f;

    // MXCSR's FTZ (bit 15) and DAZ (bit 6), the last 4 of glibc's 32-byte x86-64 fenv_t.
    private static unsafe void ClearFlushFlags()
    {
        var environment = stackalloc byte[32];
        Assert.Equal(0, GetEnvironment(environment));
        *(uint*)(environment + 28) &= ~((1u << 15) | (1u << 6));
        Assert.Equal(0, SetEnvironment(environment));
    }

    [LibraryImport("libm.so.6", EntryPoint = "fegetenv")]
    private static unsafe partial int GetEnvironment(byte* environment);

    [LibraryImport("libm.so.6", EntryPoint = "fesetenv")]
    private static unsafe partial int SetEnvironment(byte* environment);
}
