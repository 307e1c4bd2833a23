using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Vision.Models;

/// <summary>One ONNX session, created once per process, fed through a queue: whatever is waiting when the
/// session becomes free runs as one batch (faces of one message, or of several concurrent messages).</summary>
/// <remarks>Queued inputs are bitmaps that the queue's loop turns into floats in one buffer it keeps: model inputs
/// are large (a detector tile is 900 kB of floats), and allocating one per run filled the large-object heap and
/// caused several full collections a second under load.</remarks>
public sealed class OnnxModel : IDisposable
{
    private sealed record Job(SKBitmap Input, TaskCompletionSource<float[][]> Done);

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string[] _outputNames;
    // Inputs waiting beyond this many full batches make their callers wait (back-pressure): a flood of faces then holds
    // the calls that bring them rather than an ever longer queue of bitmaps.
    private const int QueuedBatches = 4;

    private readonly Channel<Job> _jobs;
    private readonly Task _loop;
    // The batch input: used by the queue's loop only, so reused without locking.
    private readonly float[] _batchInput;

    public OnnxModel(ModelSpec spec, string path, SessionOptions options, int maxBatch)
    {
        Spec = spec;
        MaxBatch = spec.HasDynamicBatch ? maxBatch : 1;
        _session = new InferenceSession(path, options);
        _inputName = _session.InputNames.Single();
        _outputNames = [.. _session.OutputNames];
        _batchInput = new float[MaxBatch * spec.Input.Length];
        _jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(QueuedBatches * MaxBatch) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(DrainAsync);
    }

    public ModelSpec Spec { get; }
    public int MaxBatch { get; }

    /// <summary>Runs one input, an RGBA bitmap of the model's input size that must stay alive until the task completes;
    /// returns each output's values for it. Waits for room when the queue is full.</summary>
    public async Task<float[][]> RunAsync(SKBitmap input)
    {
        InputTensor.Check(input, Spec.Input);
        var job = new Job(input, new TaskCompletionSource<float[][]>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _jobs.Writer.WriteAsync(job);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(Spec.Name);
        }
        return await job.Done.Task;
    }

    /// <summary>Runs inputs (of <see cref="ModelInput.Length"/> floats each) as one batch on the calling thread, bypassing
    /// the queue (benchmarks use it as the raw cost).</summary>
    public float[][][] RunBatch(IReadOnlyList<float[]> inputs)
    {
        var length = Spec.Input.Length;
        // A batch of one runs on its input as it is.
        var data = inputs[0];
        if (inputs.Count > 1)
        {
            data = new float[inputs.Count * length];
            for (var i = 0; i < inputs.Count; i++)
                inputs[i].CopyTo(data, i * length);
        }
        return Run(data, inputs.Count);
    }

    private float[][][] Run(Memory<float> data, int n)
    {
        DenormalFlush.OnThisThread();
        var input = Spec.Input;
        long[] shape = input.Layout == TensorLayout.Nchw
            ? [n, input.ChannelCount, input.Height, input.Width]
            : [n, input.Height, input.Width, input.ChannelCount];

        using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [tensor], _outputNames);

        var results = new float[n][][];
        for (var i = 0; i < n; i++)
            results[i] = new float[outputs.Count][];
        for (var o = 0; o < outputs.Count; o++)
        {
            var values = outputs[o].GetTensorDataAsSpan<float>();
            var each = values.Length / n;
            for (var i = 0; i < n; i++)
                results[i][o] = values.Slice(i * each, each).ToArray();
        }
        return results;
    }

    private async Task DrainAsync()
    {
        var length = Spec.Input.Length;
        var batch = new List<Job>(MaxBatch);
        while (await _jobs.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _jobs.Reader.TryRead(out var job))
                batch.Add(job);
            try
            {
                using var activity = VisionActivity.Start($"{Spec.Name} run")?.SetTag("batch", batch.Count);
                for (var i = 0; i < batch.Count; i++)
                    InputTensor.Fill(batch[i].Input, Spec.Input, _batchInput.AsSpan(i * length, length));
                var started = Stopwatch.GetTimestamp();
                var results = Run(_batchInput.AsMemory(0, batch.Count * length), batch.Count);
                var model = new KeyValuePair<string, object?>("model", Spec.Name);
                VisionMetrics.ModelDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, model);
                VisionMetrics.ModelBatchSize.Record(batch.Count, model);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.SetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var job in batch)
                    job.Done.SetException(e);
            }
        }
    }

    public void Dispose()
    {
        _jobs.Writer.TryComplete();
        _loop.Wait();
        _session.Dispose();
    }
}
