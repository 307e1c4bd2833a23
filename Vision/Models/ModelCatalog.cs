using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace Vision.Models;

/// <summary>The models of the manifest in the model folder; each session is created on first use and then shared.</summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<OnnxModel>> _loaded = new();
    private readonly SessionOptions _sessionOptions;

    public ModelCatalog(ModelOptions options)
    {
        Options = options;
        Manifest = ModelManifest.Load(options.Dir);
        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            // ONNX Runtime's arena keeps each session's largest batch for good: under 32 clients the gateway peaked at
            // 689-710 MB with it and 557 MB without it (mixed-load, with NativeHeap's limits both times).
            EnableCpuMemArena = false,
        };
        // Denormal floats stall the CPU: SSR-Net-like heads ran 25x slower with them, and flushing them changes outputs by < 1e-39.
        _sessionOptions.AddSessionConfigEntry("session.set_denormal_as_zero", "1");
        // Several sessions take turns on the same cores (detector, landmarks, facen...): threads that spin
        // after a run would hold the cores the next session needs.
        _sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
    }

    public ModelOptions Options { get; }
    public ModelManifest Manifest { get; }

    /// <summary>The model the manifest uses for <paramref name="task"/>.</summary>
    public OnnxModel For(string task) => Named(Manifest.For(task).Name);

    public OnnxModel Named(string name) => _loaded.GetOrAdd(name, n => new Lazy<OnnxModel>(() =>
    {
        var spec = Manifest.Named(n);
        return new OnnxModel(spec, Path.Combine(Options.Dir, spec.File), _sessionOptions, Options.MaxBatch);
    })).Value;

    public void Dispose()
    {
        foreach (var model in _loaded.Values.Where(l => l.IsValueCreated))
            model.Value.Dispose();
        _sessionOptions.Dispose();
    }
}
