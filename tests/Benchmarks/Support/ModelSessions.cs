using Microsoft.Extensions.DependencyInjection;
using Vision.Detection;
using Vision.Embedding;

namespace Benchmarks.Support;

/// <summary>Loads every model the engine uses, on the calling thread.</summary>
/// <remarks>ONNX Runtime flushes denormal floats (session.set_denormal_as_zero) by setting the CPU's flag on the thread
/// that creates a session, and threads inherit the flag only from the thread that starts them: on a thread without it
/// facen runs about five times slower. Loading the models on the thread BenchmarkDotNet measures on lets the raw runs
/// show ONNX Runtime at its best.</remarks>
public static class ModelSessions
{
    public static void Load(IServiceProvider services)
    {
        services.GetRequiredService<FaceDetection>();
        services.GetRequiredService<FaceDescriber>();
    }
}
