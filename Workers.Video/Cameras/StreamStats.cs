namespace Workers.Video.Cameras;

/// <summary>What one camera's stream has done so far; read by the periodic log line and by tests.</summary>
public sealed class StreamStats
{
    /// <summary>Latencies kept for the percentiles: the most recent posts.</summary>
    public const int KeptLatencies = 1000;

    private long _framesRead, _framesDropped, _framesAnalysed, _framesWithMotion, _framesDetected, _facesPosted, _postsFailed, _duplicates;
    private int _connections, _failures;
    private readonly Queue<TimeSpan> _latencies = new();

    public long FramesRead => Interlocked.Read(ref _framesRead);
    /// <summary>Frames of a live source skipped because analysis was behind (never with <c>disable-drops</c>, never for files).</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long FramesAnalysed => Interlocked.Read(ref _framesAnalysed);
    public long FramesWithMotion => Interlocked.Read(ref _framesWithMotion);
    /// <summary>Frames the face detector ran on: those with motion, and all while a face is tracked.</summary>
    public long FramesDetected => Interlocked.Read(ref _framesDetected);
    public long FacesPosted => Interlocked.Read(ref _facesPosted);
    public long PostsFailed => Interlocked.Read(ref _postsFailed);
    /// <summary>Chosen faces post-uniq held back: like too many the camera posted shortly before.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);
    /// <summary>Times ffmpeg opened the source.</summary>
    public int Connections => Volatile.Read(ref _connections);
    /// <summary>Times the source could not be opened or broke.</summary>
    public int Failures => Volatile.Read(ref _failures);
    public string? LastError { get; private set; }

    internal void Read() => Interlocked.Increment(ref _framesRead);
    internal void Dropped() => Interlocked.Increment(ref _framesDropped);
    internal void Analysed(bool motion)
    {
        Interlocked.Increment(ref _framesAnalysed);
        if (motion)
            Interlocked.Increment(ref _framesWithMotion);
    }
    internal void Detected() => Interlocked.Increment(ref _framesDetected);
    /// <param name="sinceCapture">From the frame's read to the accepted post's answer (live sources).</param>
    internal void Posted(bool accepted, TimeSpan? sinceCapture = null)
    {
        Interlocked.Increment(ref accepted ? ref _facesPosted : ref _postsFailed);
        if (sinceCapture is not { } latency)
            return;
        lock (_latencies)
        {
            _latencies.Enqueue(latency);
            if (_latencies.Count > KeptLatencies)
                _latencies.Dequeue();
        }
    }

    internal void Duplicate() => Interlocked.Increment(ref _duplicates);

    /// <summary>The capture-to-answer latency of the recent accepted posts of a live source at <paramref name="quantile"/>
    /// (0.5 for the median); null before any.</summary>
    public TimeSpan? PostLatency(double quantile)
    {
        lock (_latencies)
        {
            if (_latencies.Count == 0)
                return null;
            var sorted = _latencies.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    internal void Connected() => Interlocked.Increment(ref _connections);
    internal void Failed(string error)
    {
        LastError = error;
        Interlocked.Increment(ref _failures);
    }

    public override string ToString() =>
        $"read {FramesRead}, dropped {FramesDropped}, analysed {FramesAnalysed}, motion {FramesWithMotion}, detected {FramesDetected}, " +
        $"posted {FacesPosted}, post failures {PostsFailed}, duplicates {Duplicates}, connections {Connections}, failures {Failures}" +
        (PostLatency(0.5) is { } p50 && PostLatency(0.95) is { } p95
            ? $", capture to answer p50 {p50.TotalMilliseconds:F0} ms, p95 {p95.TotalMilliseconds:F0} ms"
            : "");
}
