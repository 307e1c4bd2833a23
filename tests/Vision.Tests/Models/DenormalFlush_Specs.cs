using System.Runtime.CompilerServices;
using Vision.Models;

namespace Vision.Tests.Models;

public sealed class DenormalFlush_Specs
{
    [Fact]
    public void Should_make_the_calling_thread_treat_denormal_floats_as_zero()
    {
        // A thread of its own: the flag stays with the thread, and the test host's threads must keep IEEE behaviour.
        float before = 0, after = 0;
        var thread = new Thread(() =>
        {
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
}
